/** What the scanner reports: element names as written, and text with XML's own references decoded. */
export interface XmlContentHandler {
  open(name: string): void;
  close(name: string): void;
  text(text: string): void;
}

/** The input is not well-formed XML, or uses what a CTF never needs (a DOCTYPE, other entities). */
export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'XmlSyntaxError';
  }
}

/** Markup (a tag, comment, CDATA section) longer than this is refused: a CTF has none, and it bounds what is held. */
const MAX_MARKUP = 1024 * 1024;
/** Text between two tags is handed over in pieces once this much is held without a '<'. */
const TEXT_PIECE = 64 * 1024;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Characters XML 1.0 does not allow in a document (surrogates are checked by the decoder producing the string). */
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
/** Characters that may not start an element name (besides those that end one). */
const NOT_NAME_START = /[-.0-9]/;
/** A tag that is only a name: no attributes, not empty-element, and a valid first character. */
const BARE_NAME = /^[^-.0-9\s/<>="'&][^\s/<>="'&]*$/;

const enum Code {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  Apostrophe = 39,
  Slash = 47,
  Equals = 61,
  Greater = 62,
  Question = 63,
  Bang = 33,
}

const isSpace = (code: number) =>
  code === Code.Space || code === Code.LineFeed || code === Code.Tab || code === Code.CarriageReturn;

/**
 * A strict, streaming scanner for the XML a CTF is: elements, attributes (checked, not reported),
 * text, CDATA, comments and processing instructions. Written for the import's hot path: it finds
 * markup with indexOf over whole chunks and calls the handler directly, with no event objects.
 * Anything a CTF never needs is refused rather than interpreted: a DOCTYPE (so no DTD is read and
 * no entity is declared, hence no XXE and no expansion), and any entity beyond XML's five and
 * character references. Well-formedness is checked as a parser would (tags nest and match, one
 * root, no text outside it, characters XML allows), each error with its line and column.
 * Memory holds one chunk plus at most MAX_MARKUP of unfinished markup.
 */
export class CtfXmlScanner {
  private buffer = '';
  private at = 0;
  /** Line (1-based) and column (0-based) of buffer[0]. */
  private lineBase = 1;
  private columnBase = 0;
  private readonly open: string[] = [];
  private rootSeen = false;
  private rootClosed = false;

  constructor(private readonly handler: XmlContentHandler) {}

  /** Whether the root element has been opened. */
  get sawRoot(): boolean {
    return this.rootSeen;
  }

  /** The line and column (1-based) the scanner has reached. */
  get position(): { line: number; column: number } {
    return this.positionOf(this.at);
  }

  write(chunk: string): void {
    this.dropConsumed();
    this.buffer = this.buffer.length ? this.buffer + chunk : chunk;
    this.scan(false);
  }

  /** The input is complete: anything unfinished is an error. */
  close(): void {
    this.scan(true);
    if (this.at < this.buffer.length) this.fail('unexpected end of file inside markup', this.at);
    if (this.open.length)
      this.fail(`unexpected end of file: element ${this.open[this.open.length - 1]} is not closed`, this.at);
    // No root at all is for the caller to name (an empty file).
  }

  private scan(final: boolean): void {
    const b = this.buffer;
    const length = b.length;
    let p = this.at;
    while (p < length) {
      const lt = b.indexOf('<', p);
      if (lt !== p) {
        let end = lt < 0 ? length : lt;
        if (lt < 0 && !final) {
          if (end - p < TEXT_PIECE) break;
          // Hand over what cannot be the start of a reference cut by the chunk's end.
          const amp = b.lastIndexOf('&', end - 1);
          if (amp >= p && b.indexOf(';', amp) < 0) end = amp;
          if (end === p) break;
        }
        this.textBetween(b, p, end);
        p = end;
        if (lt < 0) break;
      }
      const next = lt + 1 < length ? b.charCodeAt(lt + 1) : -1;
      let done: number;
      if (next === -1) done = -1;
      else if (next === Code.Slash) done = this.endTag(b, lt);
      else if (next === Code.Bang) done = this.declaration(b, lt, final);
      else if (next === Code.Question) done = this.instruction(b, lt);
      else done = this.startTag(b, lt);
      if (done < 0) {
        if (!final && length - lt > MAX_MARKUP) this.fail('markup longer than 1 MB', lt);
        p = lt;
        break;
      }
      p = done;
    }
    this.at = p;
  }

  /** `</name>`: the index after it, or -1 when the chunk ends first. */
  private endTag(b: string, lt: number): number {
    const gt = b.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    let nameEnd = gt;
    while (nameEnd > lt + 2 && isSpace(b.charCodeAt(nameEnd - 1))) nameEnd--;
    const name = b.slice(lt + 2, nameEnd);
    const expected = this.open.pop();
    if (expected === undefined) this.fail('closing tag without an open element', lt);
    if (name !== expected) this.fail(`unexpected close tag: expected ${expected}`, lt);
    if (this.open.length === 0) this.rootClosed = true;
    this.handler.close(name);
    return gt + 1;
  }

  /** `<name attr="value" …>` or `<name/>`: the index after it, or -1 when the chunk ends first. */
  private startTag(b: string, lt: number): number {
    const length = b.length;
    // Most CTF tags are a bare name: one native search and one check instead of a loop per character.
    const gt = b.indexOf('>', lt + 1);
    if (gt > lt + 1) {
      const bare = b.slice(lt + 1, gt);
      if (BARE_NAME.test(bare)) {
        this.opened(bare, lt);
        return gt + 1;
      }
    }
    let i = lt + 1;
    for (; i < length; i++) {
      const code = b.charCodeAt(i);
      if (code === Code.Greater || code === Code.Slash || isSpace(code)) break;
      if (code === 60 /* < */ || code === Code.Equals || code === Code.Quote || code === Code.Apostrophe) {
        this.fail('invalid character in an element name', i);
      }
    }
    if (i >= length) return -1;
    const name = b.slice(lt + 1, i);
    if (name.length === 0 || NOT_NAME_START.test(name[0])) this.fail('invalid element name', lt);
    // Attributes: checked for form only; a CTF's pupil data is in elements.
    for (;;) {
      while (i < length && isSpace(b.charCodeAt(i))) i++;
      if (i >= length) return -1;
      const code = b.charCodeAt(i);
      if (code === Code.Greater) {
        this.opened(name, lt);
        return i + 1;
      }
      if (code === Code.Slash) {
        if (i + 1 >= length) return -1;
        if (b.charCodeAt(i + 1) !== Code.Greater) this.fail('expected > after /', i);
        this.opened(name, lt);
        this.open.pop();
        if (this.open.length === 0) this.rootClosed = true;
        this.handler.close(name);
        return i + 2;
      }
      const attributeStart = i;
      while (i < length) {
        const c = b.charCodeAt(i);
        if (c === Code.Equals || isSpace(c) || c === Code.Greater || c === Code.Slash) break;
        if (c === 60 || c === Code.Quote || c === Code.Apostrophe)
          this.fail('invalid character in an attribute name', i);
        i++;
      }
      if (i === attributeStart) this.fail('invalid attribute', i);
      while (i < length && isSpace(b.charCodeAt(i))) i++;
      if (i >= length) return -1;
      if (b.charCodeAt(i) !== Code.Equals) this.fail('attribute without a value', i);
      i++;
      while (i < length && isSpace(b.charCodeAt(i))) i++;
      if (i >= length) return -1;
      const quote = b.charCodeAt(i);
      if (quote !== Code.Quote && quote !== Code.Apostrophe) this.fail('attribute value not quoted', i);
      const close = b.indexOf(quote === Code.Quote ? '"' : "'", i + 1);
      if (close < 0) return -1;
      const value = b.slice(i + 1, close);
      if (value.includes('<')) this.fail('< in an attribute value', i);
      if (value.includes('&')) decodeReferences(value, (reason, offset) => this.fail(reason, i + 1 + offset));
      i = close + 1;
      const after = i < length ? b.charCodeAt(i) : -1;
      if (after !== -1 && after !== Code.Greater && after !== Code.Slash && !isSpace(after)) {
        this.fail('attributes must be separated by whitespace', i);
      }
    }
  }

  private opened(name: string, at: number): void {
    if (this.open.length === 0) {
      if (this.rootClosed) this.fail('a second root element', at);
      this.rootSeen = true;
    }
    this.open.push(name);
    this.handler.open(name);
  }

  /** `<!--…-->`, `<![CDATA[…]]>`; a DOCTYPE or any other declaration is refused. */
  private declaration(b: string, lt: number, final: boolean): number {
    if (b.startsWith('<!--', lt)) {
      const end = b.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (b.startsWith('<![CDATA[', lt)) {
      const end = b.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.open.length === 0) this.fail('CDATA outside the root element', lt);
      const text = b.slice(lt + 9, end);
      if (FORBIDDEN_CHAR.test(text)) this.fail('a character XML does not allow', lt);
      this.handler.text(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
      return end + 3;
    }
    // Not enough of it yet to tell what it is.
    if (!final && b.length - lt < 9) {
      const held = b.slice(lt);
      if (['<![CDATA[', '<!--', '<!DOCTYPE'].some((opening) => opening.startsWith(held))) return -1;
    }
    if (b.startsWith('<!DOCTYPE', lt)) {
      this.fail('a DOCTYPE is not allowed: a CTF declares no DTD and no entities', lt);
    }
    return this.fail('unexpected markup after <!', lt);
  }

  /** `<?target …?>`, the XML declaration included: skipped. */
  private instruction(b: string, lt: number): number {
    const end = b.indexOf('?>', lt + 2);
    return end < 0 ? -1 : end + 2;
  }

  private textBetween(b: string, start: number, end: number): void {
    let text = b.slice(start, end);
    if (this.open.length === 0) {
      if (!WHITESPACE_ONLY.test(text)) {
        this.fail(this.rootClosed ? 'text after the root element' : 'text before the root element', start);
      }
      return;
    }
    if (text.includes('&')) text = decodeReferences(text, (reason, offset) => this.fail(reason, start + offset));
    if (FORBIDDEN_CHAR.test(text)) this.fail('a character XML does not allow', start);
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    this.handler.text(text);
  }

  /** Forgets what has been scanned, keeping the line and column of what is left. */
  private dropConsumed(): void {
    if (this.at === 0) return;
    const b = this.buffer;
    let lines = 0;
    let lastLineFeed = -1;
    for (let i = b.indexOf('\n'); i >= 0 && i < this.at; i = b.indexOf('\n', i + 1)) {
      lines++;
      lastLineFeed = i;
    }
    if (lines) {
      this.lineBase += lines;
      this.columnBase = this.at - lastLineFeed - 1;
    } else {
      this.columnBase += this.at;
    }
    this.buffer = b.slice(this.at);
    this.at = 0;
  }

  private positionOf(index: number): { line: number; column: number } {
    const b = this.buffer;
    let line = this.lineBase;
    let lastLineFeed = -1;
    for (let i = b.indexOf('\n'); i >= 0 && i < index; i = b.indexOf('\n', i + 1)) {
      line++;
      lastLineFeed = i;
    }
    const column = lastLineFeed >= 0 ? index - lastLineFeed : this.columnBase + index + 1;
    return { line, column };
  }

  private fail(reason: string, index: number): never {
    const { line, column } = this.positionOf(index);
    throw new XmlSyntaxError(reason, line, column);
  }
}

/** Text with XML's five entities and character references decoded; anything else is an error. */
function decodeReferences(text: string, fail: (reason: string, offset: number) => never): string {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', from)) {
    const semicolon = text.indexOf(';', amp + 1);
    if (semicolon < 0 || semicolon - amp > 12) fail('& not followed by a reference', amp);
    const reference = text.slice(amp + 1, semicolon);
    let decoded: string | undefined = PREDEFINED[reference];
    if (decoded === undefined && reference.charCodeAt(0) === 35 /* # */) {
      const hex = reference[1] === 'x';
      const digits = reference.slice(hex ? 2 : 1);
      const code = (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (allowedCodePoint(code)) decoded = String.fromCodePoint(code);
      else fail('a character reference to a character XML does not allow', amp);
    }
    if (decoded === undefined) fail('an entity other than amp, lt, gt, quot, apos (no DTD is read)', amp);
    out += text.slice(from, amp) + decoded;
    from = semicolon + 1;
  }
  return out + text.slice(from);
}

function allowedCodePoint(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  return (
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}
