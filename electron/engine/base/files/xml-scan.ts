/**
 * A small streaming XML tokenizer for the few parts of a workbook we read: bytes in (in chunks of
 * any size, split anywhere), tags and text out. Every byte is looked at a bounded number of times
 * and nothing grows without a cap, so no input can make it quadratic (an unclosed `<row>` or
 * `<si>` cost the old regular expressions minutes) or make it hold more than one tag (64 KiB) and
 * one text (1 MiB) at a time. It keeps no stack: nesting depth costs nothing. Entities are the five
 * predefined ones and numeric references that name a valid XML character; a DTD (and with it any
 * entity expansion) is refused.
 */

/** Malformed or hostile XML. The reader adds which part it was. */
export class XmlError extends Error {}

export interface XmlTag {
  /** An attribute's value, entities decoded. `*:id` matches `id` under any prefix. */
  attr(name: string): string | undefined;
}

export interface XmlHandler {
  /** A start tag (local name, prefix dropped); `selfClosing` for `<x/>`. */
  open(name: string, tag: XmlTag, selfClosing: boolean): void;
  close(name: string): void;
  /** The text collected since the last tag while `capture` was on. */
  text(value: string): void;
}

export const XML_LIMITS = { markup: 64 * 1024, text: 1024 * 1024 };

const enum S {
  Text,
  Tag,
  Bang,
  Comment,
  Cdata,
  Pi,
}

const LT = 0x3c;
const GT = 0x3e;
const Q1 = 0x22;
const Q2 = 0x27;
const SLASH = 0x2f;
const BANG_COMMENT = [0x21, 0x2d, 0x2d]; // !--
const BANG_CDATA = [0x21, 0x5b, 0x43, 0x44, 0x41, 0x54, 0x41, 0x5b]; // ![CDATA[

const utf8 = new TextDecoder('utf-8', { fatal: true });
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

export class XmlScanner implements XmlTag {
  /** Set by the handler: collect text until it is cleared. */
  capture = false;
  private state = S.Text;
  private quote = 0;
  private tag = new Uint8Array(256);
  private tagLen = 0;
  /** The tag being handled: its bytes are src[from, to). */
  private src: Uint8Array = this.tag;
  private from = 0;
  private to = 0;
  private bangLen = 0;
  private dashes = 0;
  private brackets = 0;
  private piQuestion = false;
  // Text: finished pieces (strings) and the bytes of the piece now being read.
  private parts: string[] = [];
  private pending: Uint8Array[] = [];
  private pendingLen = 0;
  private pendingRaw = false;
  private textLen = 0;

  constructor(private readonly handler: XmlHandler) {}

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case S.Text: {
          const lt = chunk.indexOf(LT, i);
          const end = lt < 0 ? n : lt;
          if (this.capture && end > i) this.addPending(chunk.subarray(i, end), false);
          if (lt < 0) return;
          this.finishPending();
          this.state = S.Tag;
          this.tagLen = 0;
          this.quote = 0;
          i = lt + 1;
          break;
        }
        case S.Tag:
          i = this.scanTag(chunk, i);
          break;
        case S.Bang: {
          const b = chunk[i++]!;
          const k = this.bangLen++;
          if (this.matchedComment && BANG_COMMENT[k] !== b) this.matchedComment = false;
          if (this.matchedCdata && BANG_CDATA[k] !== b) this.matchedCdata = false;
          if (this.matchedComment && k === BANG_COMMENT.length - 1) {
            this.state = S.Comment;
            this.dashes = 0;
          } else if (this.matchedCdata && k === BANG_CDATA.length - 1) {
            this.state = S.Cdata;
            this.brackets = 0;
          } else if (!this.matchedComment && !this.matchedCdata) throw new XmlError('a declaration (DOCTYPE or ENTITY) is not allowed');
          break;
        }
        case S.Comment: {
          for (; i < n; i++) {
            const b = chunk[i]!;
            if (b === GT && this.dashes >= 2) {
              this.state = S.Text;
              i++;
              break;
            }
            this.dashes = b === 0x2d ? this.dashes + 1 : 0;
          }
          break;
        }
        case S.Cdata: {
          const start = i;
          for (; i < n; i++) {
            const b = chunk[i]!;
            if (b === GT && this.brackets >= 2) break;
            this.brackets = b === 0x5d ? this.brackets + 1 : 0;
          }
          if (i < n) {
            // The section ends here; its content stops before the closing "]]".
            if (this.capture) this.addPending(chunk.subarray(start, i), true);
            if (this.capture) this.dropPendingTail(2);
            this.finishPending();
            this.state = S.Text;
            i++;
          } else if (this.capture) this.addPending(chunk.subarray(start, n), true);
          break;
        }
        case S.Pi: {
          for (; i < n; i++) {
            const b = chunk[i]!;
            if (b === GT && this.piQuestion) {
              this.state = S.Text;
              i++;
              break;
            }
            this.piQuestion = b === 0x3f;
          }
          break;
        }
      }
    }
  }

  /** The part has ended: it must not end inside markup. */
  end(): void {
    if (this.state !== S.Text) throw new XmlError('the part ends inside a tag, comment or CDATA section');
    this.finishPending();
  }

  private matchedComment = true;
  private matchedCdata = true;

  private scanTag(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    if (this.tagLen === 0 && i < n) {
      const first = chunk[i]!;
      if (first === 0x21) {
        this.state = S.Bang;
        this.bangLen = 0;
        this.matchedComment = true;
        this.matchedCdata = true;
        return i;
      }
      if (first === 0x3f) {
        this.state = S.Pi;
        this.piQuestion = false;
        return i + 1;
      }
    }
    const start = i;
    let quote = this.quote;
    for (; i < n; i++) {
      const b = chunk[i]!;
      if (quote) {
        if (b === quote) quote = 0;
      } else if (b === Q1 || b === Q2) quote = b;
      else if (b === GT) break;
    }
    this.quote = quote;
    if (i === n) {
      this.appendTag(chunk, start, n);
      return n;
    }
    if (this.tagLen === 0) {
      if (i - start > XML_LIMITS.markup) throw new XmlError(`a tag is longer than ${XML_LIMITS.markup} bytes`);
      this.src = chunk;
      this.from = start;
      this.to = i;
    } else {
      this.appendTag(chunk, start, i);
      this.src = this.tag;
      this.from = 0;
      this.to = this.tagLen;
    }
    this.state = S.Text;
    this.handleTag();
    return i + 1;
  }

  private appendTag(chunk: Uint8Array, from: number, to: number): void {
    const need = this.tagLen + (to - from);
    if (need > XML_LIMITS.markup) throw new XmlError(`a tag is longer than ${XML_LIMITS.markup} bytes`);
    if (need > this.tag.length) {
      const bigger = new Uint8Array(Math.min(XML_LIMITS.markup, Math.max(need, this.tag.length * 2)));
      bigger.set(this.tag.subarray(0, this.tagLen));
      this.tag = bigger;
    }
    this.tag.set(chunk.subarray(from, to), this.tagLen);
    this.tagLen = need;
  }

  private handleTag(): void {
    const { src, from, to } = this;
    if (this.parts.length) {
      const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
      this.parts = [];
      this.textLen = 0;
      this.handler.text(text);
    }
    if (from < to && src[from] === SLASH) {
      this.handler.close(this.nameAt(from + 1, to).name);
      return;
    }
    let end = to;
    while (end > from && isSpace(src[end - 1]!)) end--;
    const selfClosing = end > from && src[end - 1] === SLASH;
    const { name, next } = this.nameAt(from, selfClosing ? end - 1 : end);
    this.attrFrom = next;
    this.attrTo = selfClosing ? end - 1 : end;
    if (!name) throw new XmlError('a tag without a name');
    this.handler.open(name, this, selfClosing);
  }

  private attrFrom = 0;
  private attrTo = 0;

  /** The local name starting at `from` and where it ends. */
  private nameAt(from: number, to: number): { name: string; next: number } {
    const src = this.src;
    let i = from;
    let local = from;
    while (i < to && !isSpace(src[i]!)) {
      if (src[i] === 0x3a) local = i + 1;
      i++;
    }
    return { name: asciiOf(src, local, i), next: i };
  }

  attr(wanted: string): string | undefined {
    const src = this.src;
    const anyPrefix = wanted.startsWith('*:');
    const local = anyPrefix ? wanted.slice(2) : wanted;
    let i = this.attrFrom;
    const to = this.attrTo;
    while (i < to) {
      while (i < to && isSpace(src[i]!)) i++;
      const nameStart = i;
      let localStart = i;
      while (i < to && src[i] !== 0x3d && !isSpace(src[i]!)) {
        if (src[i] === 0x3a) localStart = i + 1;
        i++;
      }
      const nameEnd = i;
      while (i < to && isSpace(src[i]!)) i++;
      if (i >= to || src[i] !== 0x3d) {
        if (nameEnd > nameStart) throw new XmlError('an attribute without a value');
        break;
      }
      i++;
      while (i < to && isSpace(src[i]!)) i++;
      const q = src[i];
      if (q !== Q1 && q !== Q2) throw new XmlError('an attribute value without quotes');
      const valueStart = ++i;
      while (i < to && src[i] !== q) i++;
      const valueEnd = i++;
      const matches = anyPrefix ? localStart > nameStart && sameAscii(src, localStart, nameEnd, local) : sameAscii(src, nameStart, nameEnd, local);
      if (matches) return unescapeXml(textOf(src, valueStart, valueEnd));
    }
    return undefined;
  }

  private addPending(bytes: Uint8Array, raw: boolean): void {
    if (this.pendingLen && raw !== this.pendingRaw) this.finishPending();
    this.pendingRaw = raw;
    this.textLen += bytes.length;
    if (this.textLen > XML_LIMITS.text) throw new XmlError(`a text is longer than ${XML_LIMITS.text} bytes`);
    this.pending.push(bytes.slice());
    this.pendingLen += bytes.length;
  }

  private dropPendingTail(k: number): void {
    while (k > 0 && this.pending.length) {
      const last = this.pending[this.pending.length - 1]!;
      const cut = Math.min(k, last.length);
      this.pending[this.pending.length - 1] = last.subarray(0, last.length - cut);
      this.pendingLen -= cut;
      k -= cut;
      if (last.length === cut) this.pending.pop();
    }
  }

  private finishPending(): void {
    if (!this.pendingLen) return;
    const bytes = this.pending.length === 1 ? this.pending[0]! : concat(this.pending, this.pendingLen);
    const s = textOf(bytes, 0, bytes.length);
    this.parts.push(this.pendingRaw ? checkChars(s) : unescapeXml(s));
    this.pending = [];
    this.pendingLen = 0;
  }

}

function asciiOf(src: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(src[i]!);
  return s;
}

/** Whether src[from, to) spells the ASCII name `name`. */
function sameAscii(src: Uint8Array, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (src[from + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** UTF-8 text of src[from, to): short ASCII (cell references, numbers, indexes) without a decoder call. */
function textOf(src: Uint8Array, from: number, to: number): string {
  if (to - from <= 32) {
    let s = '';
    let i = from;
    for (; i < to; i++) {
      const c = src[i]!;
      if (c >= 0x80) break;
      s += String.fromCharCode(c);
    }
    if (i === to) return s;
  }
  return decodeUtf8(src.subarray(from, to));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new XmlError('the text is not valid UTF-8');
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** A code point XML 1.0 allows in a document. */
const validChar = (c: number) =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

function checkChars(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) throw new XmlError(`the control character U+${c.toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`);
  }
  return s;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references in one pass; anything else is an error. */
export function unescapeXml(s: string): string {
  checkChars(s);
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp);
    if (semi < 0 || semi - amp > 32) throw new XmlError('an "&" that starts no entity');
    const name = s.slice(amp + 1, semi);
    let value: string;
    if (name[0] === '#') {
      const hex = name[1] === 'x';
      const digits = name.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9a-fA-F]{1,8}$/ : /^[0-9]{1,10}$/).test(digits)) throw new XmlError(`the character reference &${name}; is malformed`);
      const code = parseInt(digits, hex ? 16 : 10);
      if (!validChar(code)) throw new XmlError(`the character reference &${name}; names no valid XML character`);
      value = String.fromCodePoint(code);
    } else {
      const e = ENTITIES[name];
      if (e === undefined) throw new XmlError(`the entity &${name}; is not defined`);
      value = e;
    }
    out += s.slice(from, amp) + value;
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}
