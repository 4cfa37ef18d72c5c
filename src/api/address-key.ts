// The key every per-address limit counts under (the request flood limits of
// @fastify/rate-limit, the failed-password guard, the registration counter).
// One client with IPv6 usually holds a whole /64 (SLAAC, privacy addresses) and
// can rotate through it at will, so an IPv6 address counts as its /64 prefix.
// An IPv4 address counts as itself, and an IPv4-mapped IPv6 address
// (::ffff:203.0.113.7, what a dual-stack socket reports) as that IPv4 address.
import { isIPv4, isIPv6 } from 'node:net';

/** 8 hextets of an IPv6 address (zone id dropped, an embedded dotted IPv4 tail expanded), or undefined. */
function hextets(address: string): number[] | undefined {
  const text = address.split('%')[0] ?? '';
  if (!isIPv6(text)) return undefined;
  const [head = '', tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(parseInt(piece, 16));
    }
    return out;
  };
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...new Array<number>(zeros).fill(0), ...right];
  return all.length === 8 ? all : undefined;
}

/** The limit key of a client address: IPv4 as is, IPv4-mapped IPv6 as its IPv4, other IPv6 as its /64 prefix. */
export function addressLimitKey(address: string): string {
  if (isIPv4(address)) return address;
  const h = hextets(address);
  if (!h) return address;
  const [a, b, c, d, e, f, g, k] = h as [number, number, number, number, number, number, number, number];
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) return `${g >> 8}.${g & 0xff}.${k >> 8}.${k & 0xff}`;
  return `${[a, b, c, d].map((x) => x.toString(16)).join(':')}::/64`;
}
