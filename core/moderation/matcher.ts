/**
 * A sensitive-word matcher: Aho–Corasick over normalised text, so one pass finds every listed word
 * however it is disguised. Normalisation maps full-width and compatibility forms to plain ones (NFKC),
 * lower-cases, folds Cyrillic/Greek look-alikes to Latin and traditional characters to simplified, and
 * drops separators (spaces, punctuation, symbols, emoji, zero-width characters) between characters.
 * Each match maps back to its span in the original text. Words written in Latin letters only match
 * at word boundaries ("sb" is caught in "傻 S B" but not in "this is better").
 */

/** One character of normalised text and where it came from. */
interface NormChar {
  ch: string;
  /** Offset (UTF-16) of the source character in the original text. */
  from: number;
  /** Offset just past the source character. */
  to: number;
  /** Whether separators were dropped right before this character. */
  gapBefore: boolean;
}

/** Look-alike letters from other scripts, folded to Latin. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ɡ: 'g',
  ӏ: 'l',
  ь: 'b',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ѵ: 'v',
  ɑ: 'a',
  ꜱ: 's',
  ʙ: 'b',
};

/** Traditional → simplified for the characters the word list uses. */
const T2S: Record<string, string> = {
  媽: '妈',
  殺: '杀',
  們: '们',
  賤: '贱',
  腦: '脑',
  殘: '残',
  癡: '痴',
  雞: '鸡',
  幹: '干',
  約: '约',
  愛: '爱',
  滾: '滚',
  廢: '废',
  號: '号',
  網: '网',
  賭: '赌',
  詐: '诈',
  騙: '骗',
  紅: '红',
  領: '领',
  單: '单',
  兒: '儿',
  這: '这',
  個: '个',
  筆: '笔',
  學: '学',
  槍: '枪',
  彈: '弹',
  屍: '尸',
  濕: '湿',
  點: '点',
  擊: '击',
  費: '费',
  錢: '钱',
  話: '话',
  淫: '淫',
  蕩: '荡',
  陰: '阴',
  體: '体',
  裡: '里',
  妳: '你',
  妝: '妆',
  腳: '脚',
  畢: '毕',
  豬: '猪',
  狗: '狗',
  頭: '头',
  東: '东',
  屌: '屌',
  種: '种',
  婦: '妇',
  強: '强',
  姦: '奸',
  販: '贩',
  賣: '卖',
  買: '买',
  關: '关',
  係: '系',
  蟲: '虫',
  貨: '货',
  髒: '脏',
  臉: '脸',
  門: '门',
  傷: '伤',
  絕: '绝',
  讓: '让',
  帶: '带',
  進: '进',
  群: '群',
  微: '微',
};

/** Separators dropped between characters: whitespace, punctuation, symbols (emoji), marks, format chars. */
const SEPARATOR = /^[\s\p{P}\p{S}\p{M}\p{Cf}\u3000]$/u;

/** Fold one source character into zero or more normalised characters. */
function fold(ch: string): string {
  let s = ch.normalize('NFKC').toLowerCase();
  s = Array.from(s)
    .map((c) => HOMOGLYPHS[c] ?? T2S[c] ?? c)
    .join('');
  return s;
}

/** Normalise text for matching, keeping the source span of every character. */
export function normalise(text: string): NormChar[] {
  const out: NormChar[] = [];
  let gap = false;
  let offset = 0;
  for (const ch of text) {
    const from = offset;
    offset += ch.length;
    const folded = fold(ch);
    let kept = false;
    for (const c of folded) {
      if (SEPARATOR.test(c)) continue;
      out.push({ ch: c, from, to: offset, gapBefore: gap && !kept });
      kept = true;
    }
    if (kept) gap = false;
    else gap = true;
  }
  return out;
}

/** Normalise a word-list entry the same way (its own separators removed). */
export function normaliseWord(word: string): string {
  return normalise(word)
    .map((c) => c.ch)
    .join('');
}

const LATIN = /^[a-z0-9]$/;

/** A match: which entry, and the span of the original text it covers. */
export interface Match<T> {
  entry: T;
  /** The normalised word that matched. */
  word: string;
  start: number;
  end: number;
  /** The original text of the span (with whatever disguise it had). */
  text: string;
}

interface Node {
  next: Map<string, number>;
  fail: number;
  /** Pattern indices ending here (including those reached through fail links). */
  out: number[];
}

/** An Aho–Corasick automaton over normalised words; entries carry any payload (category, reason). */
export class WordMatcher<T> {
  private nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  private words: { word: string; entry: T; latinStart: boolean; latinEnd: boolean }[] = [];
  private allow: WordMatcher<true> | null = null;

  /** Build from [word, entry] pairs; `allow` lists phrases inside which a match is ignored ("废物利用"). */
  constructor(entries: Iterable<[string, T]>, allow: Iterable<string> = []) {
    for (const [raw, entry] of entries) {
      const word = normaliseWord(raw);
      if (!word) continue;
      const chars = Array.from(word);
      this.words.push({
        word,
        entry,
        latinStart: LATIN.test(chars[0]),
        latinEnd: LATIN.test(chars[chars.length - 1]),
      });
      let node = 0;
      for (const c of chars) {
        let nxt = this.nodes[node].next.get(c);
        if (nxt === undefined) {
          nxt = this.nodes.length;
          this.nodes.push({ next: new Map(), fail: 0, out: [] });
          this.nodes[node].next.set(c, nxt);
        }
        node = nxt;
      }
      this.nodes[node].out.push(this.words.length - 1);
    }
    // Breadth-first fail links.
    const queue: number[] = [];
    for (const child of this.nodes[0].next.values()) queue.push(child);
    while (queue.length) {
      const n = queue.shift()!;
      for (const [c, child] of this.nodes[n].next) {
        let f = this.nodes[n].fail;
        while (f !== 0 && !this.nodes[f].next.has(c)) f = this.nodes[f].fail;
        const target = this.nodes[f].next.get(c);
        this.nodes[child].fail = target !== undefined && target !== child ? target : 0;
        this.nodes[child].out.push(...this.nodes[this.nodes[child].fail].out);
        queue.push(child);
      }
    }
    const allowList = [...allow];
    if (allowList.length) this.allow = new WordMatcher(allowList.map((w) => [w, true as const]));
  }

  /** Number of words in the automaton. */
  get size(): number {
    return this.words.length;
  }

  /** Every match in `text`, in order of position (overlaps included, allow-listed spans excluded). */
  findAll(text: string): Match<T>[] {
    const norm = normalise(text);
    const allowed = this.allow ? this.allow.findAll(text) : [];
    const found: Match<T>[] = [];
    let node = 0;
    for (let i = 0; i < norm.length; i++) {
      const c = norm[i].ch;
      while (node !== 0 && !this.nodes[node].next.has(c)) node = this.nodes[node].fail;
      node = this.nodes[node].next.get(c) ?? 0;
      for (const idx of this.nodes[node].out) {
        const w = this.words[idx];
        const len = Array.from(w.word).length;
        const first = i - len + 1;
        if (w.latinStart && first > 0 && !norm[first].gapBefore && LATIN.test(norm[first - 1].ch)) continue;
        if (w.latinEnd && i + 1 < norm.length && !norm[i + 1].gapBefore && LATIN.test(norm[i + 1].ch))
          continue;
        const start = norm[first].from;
        const end = norm[i].to;
        if (allowed.some((a) => a.start <= start && a.end >= end)) continue;
        found.push({ entry: w.entry, word: w.word, start, end, text: text.slice(start, end) });
      }
    }
    return found.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /** The first match, or null. */
  find(text: string): Match<T> | null {
    return this.findAll(text)[0] ?? null;
  }
}
