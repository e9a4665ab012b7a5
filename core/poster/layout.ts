/**
 * Line breaking for Chinese poster text, independent of any canvas: the caller injects `measure`.
 * Rules (禁则): closing punctuation (，。、；：？！）」』》 …) never starts a line, opening brackets
 * （「『《 …) never end one; emoji, ZWJ sequences, flags and combining marks are never split; Latin
 * words stay whole unless a single word is wider than the line. A closing mark that does not fit may
 * hang into the margin (标点悬挂) instead of pulling a character down.
 */

/** Characters that must not start a line. */
export const NO_LINE_START = new Set(
  Array.from('，。、；：？！）」』》〉】〕〗〙〛｝］,.;:?!)]}…—～·%‰℃’”〃々ー〜・'),
);

/** Characters that must not end a line. */
export const NO_LINE_END = new Set(Array.from('（「『《〈【〔〖〘〚｛［([{‘“'));

/** Width of a piece of text in the caller's unit (canvas pixels at the current font). */
export type Measure = (text: string) => number;

const MARK = /^\p{M}$/u;
const REGIONAL = /^[\u{1f1e6}-\u{1f1ff}]$/u;
const SKIN = /^[\u{1f3fb}-\u{1f3ff}]$/u;
const ZWJ = '\u200d';

/** Characters that always attach to the one before: marks, joiners, variation selectors, keycaps. */
function attaches(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    MARK.test(ch) ||
    SKIN.test(ch) ||
    (cp >= 0xe0020 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    ch === ZWJ ||
    cp === 0x200c ||
    cp === 0x20e3 ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

/**
 * Split text into user-perceived characters: a base with its combining marks, variation selectors,
 * skin tones, tags and keycaps; ZWJ sequences and regional-indicator pairs (flags) stay together.
 */
export function graphemes(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const ch of text) {
    const last = out.length - 1;
    if (last >= 0 && (joinNext || attaches(ch))) {
      out[last] += ch;
      joinNext = ch === ZWJ;
      continue;
    }
    if (last >= 0 && REGIONAL.test(ch) && Array.from(out[last]).length === 1 && REGIONAL.test(out[last])) {
      out[last] += ch;
      continue;
    }
    out.push(ch);
    joinNext = false;
  }
  return out;
}

type TokenKind = 'word' | 'char' | 'space' | 'newline';

interface Token {
  text: string;
  kind: TokenKind;
}

const WORD_CHAR = /^[A-Za-z0-9'’_\-.@/#&+]$/;

/** Group graphemes into breakable units: Latin words, single CJK/emoji characters, spaces, newlines. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const g of graphemes(text.replace(/\r\n?/g, '\n'))) {
    const prev = tokens[tokens.length - 1];
    if (g === '\n') tokens.push({ text: g, kind: 'newline' });
    else if (/^\s$/.test(g)) {
      if (prev?.kind !== 'space') tokens.push({ text: ' ', kind: 'space' });
    } else if (WORD_CHAR.test(g) && prev?.kind === 'word') prev.text += g;
    else if (WORD_CHAR.test(g)) tokens.push({ text: g, kind: 'word' });
    // Runs of the same ellipsis or dash ("……", "——") are one mark and never split.
    else if ((g === '…' || g === '—') && prev?.kind === 'char' && prev.text.endsWith(g)) prev.text += g;
    else tokens.push({ text: g, kind: 'char' });
  }
  return tokens;
}

const startsBadly = (t: Token | undefined) => !!t && NO_LINE_START.has(Array.from(t.text)[0]);
const endsBadly = (t: Token | undefined) => !!t && NO_LINE_END.has(Array.from(t.text).pop()!);

/** Options of breakLines. */
export interface BreakOptions {
  /** Let one closing mark hang past maxWidth rather than break before it (default true). */
  hang?: boolean;
}

/** Break a Latin word wider than the line into pieces that fit (last resort). */
function splitLongWord(word: string, maxWidth: number, measure: Measure): string[] {
  const parts: string[] = [];
  let cur = '';
  for (const g of graphemes(word)) {
    if (cur && measure(cur + g) > maxWidth) {
      parts.push(cur);
      cur = g;
    } else cur += g;
  }
  if (cur) parts.push(cur);
  return parts;
}

/**
 * Break `text` into lines no wider than `maxWidth` (a hanging closing mark may exceed it by its own
 * width). Explicit newlines are kept; spaces at line edges are dropped.
 */
export function breakLines(
  text: string,
  maxWidth: number,
  measure: Measure,
  options: BreakOptions = {},
): string[] {
  const hang = options.hang ?? true;
  const tokens: Token[] = [];
  for (const t of tokenize(text)) {
    if (t.kind === 'word' && measure(t.text) > maxWidth) {
      for (const piece of splitLongWord(t.text, maxWidth, measure))
        tokens.push({ text: piece, kind: 'word' });
    } else tokens.push(t);
  }
  const lines: string[] = [];
  let cur: Token[] = [];
  const join = (ts: Token[]) =>
    ts
      .map((t) => t.text)
      .join('')
      .trim();
  const width = (ts: Token[]) =>
    measure(
      ts
        .map((t) => t.text)
        .join('')
        .trimEnd(),
    );
  const flush = () => {
    lines.push(join(cur));
    cur = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'newline') {
      flush();
      continue;
    }
    if (t.kind === 'space' && cur.length === 0) continue;
    if (cur.length === 0 || width([...cur, t]) <= maxWidth) {
      cur.push(t);
      continue;
    }
    if (t.kind === 'space') {
      // A space at the break is simply dropped.
      flush();
      continue;
    }
    // t does not fit: choose where the line breaks.
    if (hang && startsBadly(t) && !startsBadly(tokens[i + 1]) && !endsBadly(cur[cur.length - 1])) {
      // A single closing mark hangs into the margin.
      cur.push(t);
      flush();
      continue;
    }
    // Otherwise move the break back until neither rule is broken (or give up and break here).
    const firstOf = (k: number) => (k < cur.length ? cur[k] : t);
    const lastBefore = (k: number) => {
      for (let j = k - 1; j >= 0; j--) if (cur[j].kind !== 'space') return cur[j];
      return undefined;
    };
    const ok = (k: number) =>
      !startsBadly(firstOf(k)) && !endsBadly(lastBefore(k)) && lastBefore(k) !== undefined;
    let k = cur.length;
    while (k > 0 && !ok(k)) k--;
    if (k === 0) k = cur.length;
    const carry = cur.slice(k);
    cur = cur.slice(0, k);
    flush();
    cur = [...carry.filter((c, idx) => !(idx === 0 && c.kind === 'space')), t];
  }
  if (cur.length) flush();
  return lines;
}

/**
 * Like breakLines, but shorten the measure as far as the line count allows so lines come out even
 * (no lone character on the last line of a centred slogan).
 */
export function balancedLines(
  text: string,
  maxWidth: number,
  measure: Measure,
  options: BreakOptions = {},
): string[] {
  const base = breakLines(text, maxWidth, measure, options);
  if (base.length < 2) return base;
  let lo = maxWidth / base.length;
  let hi = maxWidth;
  let best = base;
  for (let step = 0; step < 12 && hi - lo > 1; step++) {
    const mid = (lo + hi) / 2;
    const trial = breakLines(text, mid, measure, options);
    if (trial.length <= base.length) {
      best = trial;
      hi = mid;
    } else lo = mid;
  }
  return best;
}

const CLAUSE_END = new Set(Array.from('，。！？；：、,.!?;:'));

/** Split text into clauses, each ending after its punctuation (and any closing marks that follow it). */
export function clauses(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  const gs = graphemes(text);
  for (let i = 0; i < gs.length; i++) {
    cur += gs[i];
    if (CLAUSE_END.has(gs[i])) {
      while (i + 1 < gs.length && NO_LINE_START.has(gs[i + 1])) cur += gs[++i];
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Lines that break at clause ends (after ，。！？) wherever a clause fits on a line, so a slogan reads in
 * phrases ("每天上网不超过一小时，" / "多陪家人聊聊天。"); clauses longer than a line are broken inside.
 */
export function phraseLines(
  text: string,
  maxWidth: number,
  measure: Measure,
  options: BreakOptions = {},
): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const clause of clauses(text)) {
    if (clause.includes('\n')) {
      const broken = breakLines(cur + clause, maxWidth, measure, options);
      lines.push(...broken.slice(0, -1));
      cur = broken[broken.length - 1] ?? '';
    } else if (measure((cur + clause).trim()) <= maxWidth) cur += clause;
    else if (cur && measure(clause.trim()) <= maxWidth) {
      lines.push(cur.trim());
      cur = clause;
    } else {
      const broken = breakLines(cur + clause, maxWidth, measure, options);
      lines.push(...broken.slice(0, -1));
      cur = broken[broken.length - 1] ?? '';
    }
  }
  if (cur.trim()) lines.push(cur.trim());
  return lines;
}

/**
 * The nicest lines for a centred slogan: phrase breaks when they need no more lines than the balanced
 * break and no line is left much shorter than the others; otherwise balanced lines.
 */
export function sloganLines(
  text: string,
  maxWidth: number,
  measure: Measure,
  options: BreakOptions = {},
): string[] {
  const balanced = balancedLines(text, maxWidth, measure, options);
  if (balanced.length < 2) return balanced;
  const phrased = phraseLines(text, maxWidth, measure, options);
  if (phrased.length > balanced.length) return balanced;
  const widths = phrased.map((l) => measure(l));
  if (Math.min(...widths) < 0.45 * Math.max(...widths)) return balanced;
  if (widths.some((w, i) => w > maxWidth + measure(Array.from(phrased[i]).pop() ?? ''))) return balanced;
  return phrased;
}

/** Result of fitText: the font size chosen and the lines at that size. */
export interface FittedText {
  fontSize: number;
  lines: string[];
  lineHeight: number;
  /** True when even the smallest size did not fit and the last line was cut with an ellipsis. */
  truncated: boolean;
}

/** Options of fitText. */
export interface FitOptions {
  maxWidth: number;
  maxHeight: number;
  /** Largest and smallest font size to try (step 2). */
  maxSize: number;
  minSize: number;
  /** Line height as a multiple of the font size. */
  lineHeight?: number;
  /** Most lines allowed. */
  maxLines?: number;
  /** Break in phrases or balance line lengths (default true: sloganLines); false: greedy breakLines. */
  balance?: boolean;
}

/**
 * The largest font size at which `text` fits the box, with its lines. `measure(text, size)` answers
 * the width of text at a font size. Falls back to the smallest size, truncating with '…'.
 */
export function fitText(
  text: string,
  measure: (text: string, size: number) => number,
  options: FitOptions,
): FittedText {
  const lh = options.lineHeight ?? 1.4;
  const maxLines = options.maxLines ?? Infinity;
  const pick = options.balance === false ? breakLines : sloganLines;
  for (let size = options.maxSize; size >= options.minSize; size -= 2) {
    const m: Measure = (s) => measure(s, size);
    const lines = pick(text, options.maxWidth, m);
    if (lines.length <= maxLines && lines.length * size * lh <= options.maxHeight) {
      return { fontSize: size, lines, lineHeight: size * lh, truncated: false };
    }
  }
  const size = options.minSize;
  const m: Measure = (s) => measure(s, size);
  const fitLines = Math.max(1, Math.min(maxLines, Math.floor(options.maxHeight / (size * lh))));
  const lines = breakLines(text, options.maxWidth, m).slice(0, fitLines);
  let last = lines[lines.length - 1] ?? '';
  while (last && m(`${last}…`) > options.maxWidth) last = graphemes(last).slice(0, -1).join('');
  lines[lines.length - 1] = `${last}…`;
  return { fontSize: size, lines, lineHeight: size * lh, truncated: true };
}
