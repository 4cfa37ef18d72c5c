import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors.js';

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

type EntityType = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'code' | 'blockquote' | 'expandable_blockquote';

const parseError = (what: string) => badRequest(`can't parse entities: ${what}`);
const byteOffset = (src: string, i: number) => Buffer.byteLength(src.slice(0, i), 'utf8');

/**
 * Applies `parse_mode` (HTML, MarkdownV2, Markdown) like Telegram: markup is removed from the text
 * and turned into entities (UTF-16 offsets), malformed markup is a 400 "can't parse entities", and
 * leading/trailing whitespace is trimmed.
 */
export function formatText(src: string, parseMode: string | undefined, given: MessageEntity[] | undefined): FormattedText {
  let out: FormattedText;
  if (parseMode === undefined || parseMode === '') out = { text: src, entities: given ?? [] };
  else if (parseMode === 'HTML') out = parseHtml(src);
  else if (parseMode === 'MarkdownV2') out = parseMarkdownV2(src);
  else if (parseMode === 'Markdown') out = parseMarkdown(src);
  else throw badRequest('unsupported parse_mode');
  return trim(out);
}

function trim({ text, entities }: FormattedText): FormattedText {
  const left = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const result: MessageEntity[] = [];
  for (const e of entities) {
    const start = Math.max(0, e.offset - left);
    const end = Math.min(trimmed.length, e.offset + e.length - left);
    if (end > start) result.push({ ...e, offset: start, length: end - start });
  }
  result.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: trimmed, entities: result };
}

// ---------------------------------------------------------------- HTML

const HTML_SIMPLE: Record<string, EntityType> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', code: 'code',
};
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag { tag: string; start: number; attrs: Map<string, string> }

function parseHtml(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === '<') {
      const rest = src.slice(i);
      const end = /^<\/([a-zA-Z][a-zA-Z0-9-]*)?\s*>/.exec(rest);
      if (end !== null) {
        const name = (end[1] ?? '').toLowerCase();
        const open = stack.pop();
        if (open === undefined) throw parseError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
        if (name !== '' && name !== open.tag) {
          throw parseError(`Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${open.tag}>", found "</${name}>"`);
        }
        closeHtml(open, text.length, entities, stack);
        i += end[0].length;
        continue;
      }
      const start = /^<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/.exec(rest);
      if (start === null) throw parseError(`Unsupported start tag at byte offset ${byteOffset(src, i)}`);
      const tag = (start[1] ?? '').toLowerCase();
      const attrs = new Map<string, string>();
      for (const m of (start[2] ?? '').matchAll(/([a-zA-Z_:-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g)) {
        const raw = m[2] ?? '';
        attrs.set((m[1] ?? '').toLowerCase(), decodeHtml(raw.replace(/^["']|["']$/g, '')));
      }
      const known = tag in HTML_SIMPLE || ['a', 'pre', 'blockquote', 'span', 'tg-emoji'].includes(tag);
      if (!known) throw parseError(`Unsupported start tag "${tag}" at byte offset ${byteOffset(src, i)}`);
      if (tag === 'span' && attrs.get('class') !== 'tg-spoiler') {
        throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
      }
      stack.push({ tag, start: text.length, attrs });
      i += start[0].length;
    } else if (c === '&') {
      const m = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(src.slice(i, i + 12));
      const name = m?.[1];
      if (m !== null && name !== undefined && (name.startsWith('#') || name in NAMED)) {
        text += decodeHtml(m[0]);
        i += m[0].length;
      } else {
        text += c;
        i++;
      }
    } else {
      text += c;
      i++;
    }
  }
  const open = stack.pop();
  if (open !== undefined) throw parseError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  return { text, entities };
}

function closeHtml(open: OpenTag, end: number, entities: MessageEntity[], stack: OpenTag[]): void {
  const offset = open.start;
  const length = end - offset;
  if (length <= 0) return;
  const simple = HTML_SIMPLE[open.tag];
  if (open.tag === 'code' && stack.at(-1)?.tag === 'pre') {
    const lang = /^language-(.+)$/.exec(open.attrs.get('class') ?? '')?.[1];
    if (lang !== undefined) stack.at(-1)?.attrs.set('language', lang);
    return;
  }
  if (simple !== undefined) entities.push({ type: simple, offset, length });
  else if (open.tag === 'span') entities.push({ type: 'spoiler', offset, length });
  else if (open.tag === 'a') {
    const url = open.attrs.get('href');
    if (url !== undefined && url !== '') entities.push({ type: 'text_link', offset, length, url });
  } else if (open.tag === 'pre') {
    const language = open.attrs.get('language');
    entities.push(language === undefined ? { type: 'pre', offset, length } : { type: 'pre', offset, length, language });
  } else if (open.tag === 'blockquote') {
    entities.push({ type: open.attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote', offset, length });
  } else if (open.tag === 'tg-emoji') {
    entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: open.attrs.get('emoji-id') ?? '' });
  }
}

function decodeHtml(s: string): string {
  return s.replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);/g, (_m, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED[name] ?? '';
  });
}

// ---------------------------------------------------------------- MarkdownV2

const V2_NAMES: Record<string, string> = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough', spoiler: 'Spoiler',
  link: 'TextUrl', emoji: 'CustomEmoji',
};

function parseMarkdownV2(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: { type: string; start: number; srcPos: number }[] = [];
  let quote: { start: number; expandable: boolean } | undefined;
  const toggle = (type: string, i: number) => {
    const idx = stack.map((s) => s.type).lastIndexOf(type);
    if (idx < 0) return void stack.push({ type, start: text.length, srcPos: i });
    const [open] = stack.splice(idx, 1);
    if (open !== undefined && text.length > open.start) {
      entities.push({ type: type as EntityType, offset: open.start, length: text.length - open.start });
    }
  };
  const closeQuote = () => {
    if (quote !== undefined && text.length > quote.start) {
      entities.push({ type: quote.expandable ? 'expandable_blockquote' : 'blockquote', offset: quote.start, length: text.length - quote.start });
    }
    quote = undefined;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    const lineStart = i === 0 || src[i - 1] === '\n';
    if (lineStart) {
      if (src.startsWith('**>', i) || src[i] === '>') {
        const expandable = src.startsWith('**>', i);
        if (quote === undefined) quote = { start: text.length, expandable };
        i += expandable ? 3 : 1;
        continue;
      }
      if (quote !== undefined && i > 0) {
        text = text.slice(0, -1); // the newline ends the quote and belongs after it
        closeQuote();
        text += '\n';
      }
    }
    if (c === '\\') {
      const next = src[i + 1];
      if (next !== undefined && next.charCodeAt(0) >= 1 && next.charCodeAt(0) <= 126) {
        text += next;
        i += 2;
      } else {
        text += c;
        i++;
      }
      continue;
    }
    if (c === '`') {
      const pre = src.startsWith('```', i);
      const from = i + (pre ? 3 : 1);
      const close = findUnescaped(src, from, pre ? '```' : '`');
      if (close < 0) throw parseError(`Can't find end of ${pre ? 'Pre' : 'Code'} entity at byte offset ${byteOffset(src, i)}`);
      let body = src.slice(from, close);
      let language: string | undefined;
      if (pre) {
        const nl = body.indexOf('\n');
        if (nl >= 0 && /^[^\s`]+$/.test(body.slice(0, nl))) {
          language = body.slice(0, nl);
          body = body.slice(nl + 1);
        } else if (nl === 0) body = body.slice(1);
      }
      const content = body.replace(/\\([\\`])/g, '$1');
      if (content.length > 0) {
        const base = { offset: text.length, length: content.length };
        entities.push(!pre ? { type: 'code', ...base } : language === undefined ? { type: 'pre', ...base } : { type: 'pre', ...base, language });
      }
      text += content;
      i = close + (pre ? 3 : 1);
      continue;
    }
    if (c === '*') { toggle('bold', i); i++; continue; }
    if (c === '~') { toggle('strikethrough', i); i++; continue; }
    if (c === '_') {
      if (src[i + 1] === '_') { toggle('underline', i); i += 2; } else { toggle('italic', i); i++; }
      continue;
    }
    if (c === '|' && src[i + 1] === '|') {
      const endsExpandable = quote?.expandable === true && (i + 2 === src.length || src[i + 2] === '\n');
      if (!endsExpandable) toggle('spoiler', i);
      i += 2;
      continue;
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      stack.push({ type: c === '!' ? 'emoji' : 'link', start: text.length, srcPos: i });
      i += c === '!' ? 2 : 1;
      continue;
    }
    if (c === ']') {
      const open = stack.at(-1);
      if ((open?.type === 'link' || open?.type === 'emoji') && src[i + 1] === '(') {
        const close = findUnescaped(src, i + 2, ')');
        if (close < 0) throw parseError(`Can't find end of a URL at byte offset ${byteOffset(src, i + 1)}`);
        const url = src.slice(i + 2, close).replace(/\\([\\)])/g, '$1');
        stack.pop();
        const base = { offset: open.start, length: text.length - open.start };
        if (base.length > 0) {
          if (open.type === 'emoji') entities.push({ type: 'custom_emoji', ...base, custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? '' });
          else entities.push({ type: 'text_link', ...base, url });
        }
        i = close + 1;
        continue;
      }
    }
    if ('_*[]()~`>#+-=|{}.!'.includes(c)) {
      throw parseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += c;
    i++;
  }
  closeQuote();
  const open = stack[0];
  if (open !== undefined) {
    throw parseError(`Can't find end of ${V2_NAMES[open.type] ?? open.type} entity at byte offset ${byteOffset(src, open.srcPos)}`);
  }
  return { text, entities };
}

function findUnescaped(src: string, from: number, needle: string): number {
  for (let j = from; j < src.length; j++) {
    if (src[j] === '\\') { j++; continue; }
    if (src.startsWith(needle, j)) return j;
  }
  return -1;
}

// ---------------------------------------------------------------- legacy Markdown

function parseMarkdown(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === '\\' && '_*`['.includes(src[i + 1] ?? ' ')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '*' || c === '_' || c === '`') {
      const pre = c === '`' && src.startsWith('```', i);
      const marker = pre ? '```' : c;
      const close = src.indexOf(marker, i + marker.length);
      if (close < 0) throw parseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, i)}`);
      let body = src.slice(i + marker.length, close);
      let language: string | undefined;
      if (pre) {
        const nl = body.indexOf('\n');
        if (nl > 0 && /^[^\s`]+$/.test(body.slice(0, nl))) {
          language = body.slice(0, nl);
          body = body.slice(nl + 1);
        }
      }
      if (body.length > 0) {
        const base = { offset: text.length, length: body.length };
        if (pre) entities.push(language === undefined ? { type: 'pre', ...base } : { type: 'pre', ...base, language });
        else entities.push({ type: c === '*' ? 'bold' : c === '_' ? 'italic' : 'code', ...base });
      }
      text += body;
      i = close + marker.length;
      continue;
    }
    if (c === '[') {
      const m = /^\[([^\]]*)\]\(([^)]*)\)/.exec(src.slice(i));
      if (m === null) throw parseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, i)}`);
      const label = m[1] ?? '';
      if (label.length > 0) entities.push({ type: 'text_link', offset: text.length, length: label.length, url: m[2] ?? '' });
      text += label;
      i += m[0].length;
      continue;
    }
    text += c;
    i++;
  }
  return { text, entities };
}
