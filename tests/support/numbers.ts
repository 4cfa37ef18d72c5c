/** A value with every bigint in it as a number: report sums are bigints, small test amounts compare as numbers. */
export function numbers<T>(v: T): Numbered<T> {
  if (typeof v === 'bigint') return Number(v) as Numbered<T>;
  if (Array.isArray(v)) return v.map(numbers) as Numbered<T>;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbers(x)])) as Numbered<T>;
  return v as Numbered<T>;
}

export type Numbered<T> = T extends bigint ? number : T extends Array<infer U> ? Array<Numbered<U>> : T extends object ? { [K in keyof T]: Numbered<T[K]> } : T;
