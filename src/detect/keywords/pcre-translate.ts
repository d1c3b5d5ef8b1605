/**
 * PCRE (as Suricata rules write it) to a JavaScript RegExp over a latin1 string view of the buffer, where each
 * code unit is one byte. Differences handled here rather than left to chance:
 *  - `.` excludes only `\n` in PCRE (JS also excludes `\r`); `\s` has no `\xa0` in PCRE; `$` also matches before
 *    a final newline; `^`/`$` under /m break only on `\n`. These are rewritten into explicit classes/lookarounds.
 *  - /x (extended) is stripped here, /G (ungreedy) inverts quantifiers, `(?P<n>` / `(?P=n)` become JS names,
 *    `(?i:...)` (no JS support on Node 20) is expanded to explicit letter cases, and possessive quantifiers
 *    become the lookahead-capture idiom `(?=(?<p>X*))\k<p>`.
 *  - Constructs JS cannot express (recursion, conditionals, atomic groups, \G, \K, unicode properties...) raise
 *    an unsupported reason instead of compiling to something that matches differently.
 */
import { syntaxError, unsupportedError } from '../rule/rule-error.js';

export interface PcreFlags {
  caseless: boolean;
  dotall: boolean;
  multiline: boolean;
  extended: boolean;
  anchored: boolean;
  dollarEndOnly: boolean;
  ungreedy: boolean;
}

export interface TranslatedPcre {
  readonly regex: RegExp;
  /** Pattern compiled sticky at the start position (A flag or a single leading `^`). */
  readonly anchored: boolean;
  /** A nested unbounded quantifier like `(a+)+` or `(?:\w+\s?)*`. */
  readonly backtrackRisk: boolean;
}

const KW = 'pcre';

function unsupported(what: string): never {
  throw unsupportedError('unsupported pcre construct', KW, what);
}

const POSIX: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t-\\r ',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
  ascii: '\\x00-\\x7f',
};

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function swapCase(c: string): string {
  return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

function hexEscape(code: number): string {
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** Escapes one literal character for use outside a class. */
function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

interface Group {
  /** Output position where the group started (for possessive wrapping and `(?i:` bookkeeping). */
  start: number;
  hasUnbounded: boolean;
  caseless: boolean;
}

class Translator {
  private readonly p: string;
  private i = 0;
  private out = '';
  private readonly flags: PcreFlags;
  private readonly groups: Group[] = [];
  private lastAtomStart = -1;
  /** The atom just closed was a group containing an unbounded quantifier. */
  private lastAtomHadUnbounded = false;
  private caseless = false;
  private possessiveCount = 0;
  private hasNumericBackref = false;
  backtrackRisk = false;

  constructor(pattern: string, flags: PcreFlags) {
    this.p = pattern;
    this.flags = flags;
  }

  run(): string {
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i] as string;
      if (this.flags.extended && /\s/.test(c)) {
        this.i++;
        continue;
      }
      if (this.flags.extended && c === '#') {
        while (this.i < p.length && p[this.i] !== '\n') this.i++;
        continue;
      }
      switch (c) {
        case '\\':
          this.atom(() => this.escape());
          break;
        case '[':
          this.atom(() => this.charClass());
          break;
        case '(':
          this.openGroup();
          break;
        case ')':
          this.closeGroup();
          break;
        case '*':
        case '+':
        case '?':
          this.quantifier(c);
          break;
        case '{':
          if (/^\{\d+(,\d*)?\}/.test(p.slice(this.i))) this.quantifier('{');
          else this.atom(() => {
            this.out += '\\{';
            this.i++;
          });
          break;
        case '.':
          this.atom(() => {
            this.out += this.flags.dotall ? '[\\s\\S]' : '[^\\n]';
            this.i++;
          });
          break;
        case '^':
          this.out += this.flags.multiline ? '(?:^|(?<=\\n))' : '^';
          this.lastAtomStart = -1;
          this.i++;
          break;
        case '$':
          if (this.flags.multiline) this.out += '(?=\\n|(?![\\s\\S]))';
          else if (this.flags.dollarEndOnly) this.out += '(?![\\s\\S])';
          else this.out += '(?=\\n?(?![\\s\\S]))';
          this.lastAtomStart = -1;
          this.i++;
          break;
        case '|':
          this.out += '|';
          this.lastAtomStart = -1;
          this.i++;
          break;
        default:
          this.atom(() => {
            this.out += this.caseless && isLetter(c) ? `[${c}${swapCase(c)}]` : literal(c);
            this.i++;
          });
      }
    }
    if (this.groups.length > 0) throw syntaxError('invalid pcre', KW, 'unbalanced (');
    if (this.possessiveCount > 0 && this.hasNumericBackref) unsupported('possessive quantifier with numbered backreference');
    return this.out;
  }

  private atom(emit: () => void): void {
    const start = this.out.length;
    emit();
    this.lastAtomStart = start;
    this.lastAtomHadUnbounded = false;
  }

  private escape(): void {
    const p = this.p;
    const n = p[this.i + 1];
    if (n === undefined) throw syntaxError('invalid pcre', KW, 'trailing backslash');
    this.i += 2;
    switch (n) {
      case 'A':
        this.out += '(?<![\\s\\S])';
        return;
      case 'z':
        this.out += '(?![\\s\\S])';
        return;
      case 'Z':
        this.out += '(?=\\n?(?![\\s\\S]))';
        return;
      case 's':
        this.out += '[\\t-\\r ]';
        return;
      case 'S':
        this.out += '[^\\t-\\r ]';
        return;
      case 'h':
        this.out += '[\\t \\xa0]';
        return;
      case 'H':
        this.out += '[^\\t \\xa0]';
        return;
      case 'v':
        this.out += '[\\n\\x0b\\f\\r\\x85]';
        return;
      case 'V':
        this.out += '[^\\n\\x0b\\f\\r\\x85]';
        return;
      case 'R':
        this.out += '(?:\\r\\n|[\\n\\x0b\\f\\r\\x85])';
        return;
      case 'N':
        this.out += '[^\\n]';
        return;
      case 'e':
        this.out += '\\x1b';
        return;
      case 'a':
        this.out += '\\x07';
        return;
      case 'Q': {
        const end = p.indexOf('\\E', this.i);
        const text = end < 0 ? p.slice(this.i) : p.slice(this.i, end);
        this.i = end < 0 ? p.length : end + 2;
        for (const ch of text) this.out += this.caseless && isLetter(ch) ? `[${ch}${swapCase(ch)}]` : literal(ch);
        return;
      }
      case 'E':
        return;
      case 'x':
        this.out += this.hexAfterX();
        return;
      case 'k':
      case 'g':
        this.out += this.namedRef(n);
        return;
      case 'G':
      case 'K':
      case 'p':
      case 'P':
      case 'X':
      case 'C':
        unsupported(`\\${n}`);
    }
    if (n >= '1' && n <= '9') {
      this.hasNumericBackref = true;
      let digits = n;
      while (/\d/.test(p[this.i] ?? '')) digits += p[this.i++];
      this.out += `\\${digits}`;
      return;
    }
    if (this.caseless && isLetter(n) && !/[dDwWbBnrtf0c]/.test(n)) {
      this.out += `[${n}${swapCase(n)}]`;
      return;
    }
    this.out += `\\${n}`;
    if (n === 'c') this.out += p[this.i++] ?? '';
  }

  /** `\xHH`, `\xH` and `\x{HHH}`; code points above 0xff cannot occur in a byte buffer. */
  private hexAfterX(): string {
    const p = this.p;
    if (p[this.i] === '{') {
      const end = p.indexOf('}', this.i);
      if (end < 0) throw syntaxError('invalid pcre', KW, 'unterminated \\x{');
      const v = parseInt(p.slice(this.i + 1, end), 16);
      this.i = end + 1;
      if (!Number.isFinite(v)) throw syntaxError('invalid pcre', KW, 'bad \\x{}');
      if (v > 0xff) unsupported('\\x{} above 0xff');
      return hexEscape(v);
    }
    let h = '';
    while (h.length < 2 && /[0-9a-fA-F]/.test(p[this.i] ?? '')) h += p[this.i++];
    return hexEscape(h === '' ? 0 : parseInt(h, 16));
  }

  private namedRef(kind: string): string {
    const p = this.p;
    const open = p[this.i];
    const close = open === '<' ? '>' : open === '{' ? '}' : open === "'" ? "'" : '';
    if (close === '') {
      if (kind === 'g' && /\d/.test(open ?? '')) {
        let d = '';
        while (/\d/.test(p[this.i] ?? '')) d += p[this.i++];
        this.hasNumericBackref = true;
        return `\\${d}`;
      }
      return `\\${kind}`;
    }
    const end = p.indexOf(close, this.i + 1);
    if (end < 0) throw syntaxError('invalid pcre', KW, `unterminated \\${kind}${open}`);
    const name = p.slice(this.i + 1, end);
    this.i = end + 1;
    if (/^-?\d+$/.test(name)) {
      if (name.startsWith('-')) unsupported('relative backreference');
      this.hasNumericBackref = true;
      return `\\${name}`;
    }
    if (kind === 'g' && open === '<') unsupported('subroutine call');
    return `\\k<${name}>`;
  }

  private charClass(): void {
    const p = this.p;
    this.i++;
    let body = '';
    let negate = false;
    if (p[this.i] === '^') {
      negate = true;
      this.i++;
    }
    let first = true;
    const extra: string[] = [];
    while (this.i < p.length) {
      const c = p[this.i] as string;
      if (c === ']' && !first) break;
      first = false;
      if (c === '[' && p[this.i + 1] === ':') {
        const end = p.indexOf(':]', this.i + 2);
        const name = end < 0 ? '' : p.slice(this.i + 2, end);
        if (name.startsWith('^')) unsupported('negated POSIX class');
        const expansion = POSIX[name];
        if (expansion === undefined) throw syntaxError('invalid pcre', KW, `unknown POSIX class [:${name}:]`);
        body += expansion;
        this.i = end + 2;
        continue;
      }
      let item: string;
      let ch = '';
      if (c === '\\') {
        const n = p[this.i + 1];
        if (n === undefined) throw syntaxError('invalid pcre', KW, 'trailing backslash');
        this.i += 2;
        if (n === 's') item = '\\t-\\r ';
        else if (n === 'h') item = '\\t \\xa0';
        else if (n === 'v') item = '\\n\\x0b\\f\\r\\x85';
        else if (n === 'e') item = '\\x1b';
        else if (n === 'a') item = '\\x07';
        else if (n === 'x') item = this.hexAfterX();
        else if (n === 'Q') {
          const end = p.indexOf('\\E', this.i);
          const text = end < 0 ? p.slice(this.i) : p.slice(this.i, end);
          this.i = end < 0 ? p.length : end + 2;
          item = text.replace(/[\\\]^-]/g, '\\$&');
        } else if (n === 'E') item = '';
        else if ('HVRNpPXC'.includes(n)) unsupported(`\\${n} in a character class`);
        else {
          item = `\\${n}`;
          if (isLetter(n) === false) ch = n;
        }
      } else {
        this.i++;
        item = c === '[' || c === ']' ? `\\${c}` : c;
        ch = c;
      }
      // a-z style range: the caseless expansion needs both ends
      if (ch !== '' && p[this.i] === '-' && p[this.i + 1] !== ']' && p[this.i + 1] !== undefined && p[this.i + 1] !== '\\') {
        const hi = p[this.i + 1] as string;
        this.i += 2;
        body += `${item}-${hi === '[' || hi === ']' ? `\\${hi}` : hi}`;
        if (this.caseless && isLetter(ch) && isLetter(hi) && (ch <= 'Z') === (hi <= 'Z')) {
          extra.push(`${swapCase(ch)}-${swapCase(hi)}`);
        }
        continue;
      }
      body += item;
      if (this.caseless && ch !== '' && isLetter(ch)) extra.push(swapCase(ch));
    }
    if (p[this.i] !== ']') throw syntaxError('invalid pcre', KW, 'unterminated character class');
    this.i++;
    this.out += `[${negate ? '^' : ''}${body}${extra.join('')}]`;
  }

  private openGroup(): void {
    const p = this.p;
    const start = this.out.length;
    const rest = p.slice(this.i);
    let caseless = this.caseless;
    if (rest.startsWith('(?#')) {
      const end = p.indexOf(')', this.i);
      if (end < 0) throw syntaxError('invalid pcre', KW, 'unterminated comment');
      this.i = end + 1;
      return;
    }
    if (rest.startsWith('(?P<')) {
      this.out += '(?<';
      this.i += 4;
    } else if (rest.startsWith('(?P=')) {
      const end = p.indexOf(')', this.i);
      if (end < 0) throw syntaxError('invalid pcre', KW, 'unterminated (?P=');
      this.atom(() => {
        this.out += `\\k<${p.slice(this.i + 4, end)}>`;
        this.i = end + 1;
      });
      return;
    } else if (/^\(\?(:|=|!|<=|<!)/.test(rest)) {
      const m = /^\(\?(:|=|!|<=|<!)/.exec(rest) as RegExpExecArray;
      this.out += m[0];
      this.i += m[0].length;
    } else if (/^\(\?<[A-Za-z_]/.test(rest) || rest.startsWith("(?'")) {
      if (rest.startsWith("(?'")) {
        const end = p.indexOf("'", this.i + 3);
        if (end < 0) throw syntaxError('invalid pcre', KW, "unterminated (?'");
        this.out += `(?<${p.slice(this.i + 3, end)}>`;
        this.i = end + 1;
      } else {
        this.out += '(?<';
        this.i += 3;
      }
    } else if (rest.startsWith('(?')) {
      const m = /^\(\?([imsxJU-]*)(:|\))/.exec(rest);
      if (m === null) unsupported(rest.slice(0, 4));
      const spec = m[1] as string;
      const [on = '', off = ''] = spec.split('-');
      if (/[msxJU]/.test(on + off)) unsupported(`inline flags (?${spec})`);
      if (on.includes('i')) caseless = true;
      if (off.includes('i')) caseless = false;
      if (m[2] === ')') {
        // (?i) applies to the rest of the enclosing group
        this.caseless = caseless;
        this.i += m[0].length;
        return;
      }
      this.out += '(?:';
      this.i += m[0].length;
    } else {
      this.out += '(';
      this.i++;
    }
    this.groups.push({ start, hasUnbounded: false, caseless: this.caseless });
    this.caseless = caseless;
  }

  private closeGroup(): void {
    const g = this.groups.pop();
    if (g === undefined) throw syntaxError('invalid pcre', KW, 'unbalanced )');
    this.out += ')';
    this.i++;
    this.caseless = g.caseless;
    this.lastAtomStart = g.start;
    this.lastAtomHadUnbounded = g.hasUnbounded;
    const parent = this.groups[this.groups.length - 1];
    if (parent && g.hasUnbounded) parent.hasUnbounded = true;
  }

  private quantifier(c: string): void {
    const p = this.p;
    if (this.lastAtomStart < 0) throw syntaxError('invalid pcre', KW, `quantifier ${c} without a target`);
    let q: string;
    let unbounded: boolean;
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.i)) as RegExpExecArray;
      q = m[0];
      unbounded = m[2] !== undefined && (m[3] === '' || Number(m[3]) >= 64);
      this.i += q.length;
    } else {
      q = c;
      unbounded = c !== '?';
      this.i++;
    }
    let lazy = false;
    let possessive = false;
    if (p[this.i] === '?') {
      lazy = true;
      this.i++;
    } else if (p[this.i] === '+') {
      possessive = true;
      this.i++;
    }
    if (this.flags.ungreedy && !possessive) lazy = !lazy;
    if (unbounded) {
      if (this.lastAtomHadUnbounded) this.backtrackRisk = true;
      const g = this.groups[this.groups.length - 1];
      if (g) g.hasUnbounded = true;
    }
    if (possessive) {
      const name = `mxp${this.possessiveCount++}`;
      const atom = this.out.slice(this.lastAtomStart);
      this.out = `${this.out.slice(0, this.lastAtomStart)}(?=(?<${name}>${atom}${q}))\\k<${name}>`;
    } else {
      this.out += q + (lazy ? '?' : '');
    }
    this.lastAtomStart = -1;
  }
}

export function translatePcre(pattern: string, flags: PcreFlags): TranslatedPcre {
  const t = new Translator(pattern, flags);
  let source = t.run();
  let anchored = flags.anchored;
  if (!anchored && !flags.multiline && source.startsWith('^') && !hasTopLevelAlternation(source)) {
    anchored = true;
    source = source.slice(1);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, (flags.caseless ? 'i' : '') + (flags.dotall ? 's' : '') + (anchored ? 'y' : 'g'));
  } catch (e) {
    throw unsupportedError('pcre not expressible as a JavaScript RegExp', KW, (e as Error).message);
  }
  return { regex, anchored, backtrackRisk: t.backtrackRisk };
}

function hasTopLevelAlternation(src: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
