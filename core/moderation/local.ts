import type { ModerationResult, Moderator } from '../services';
import { normalise, WordMatcher, type Match } from './matcher';
import { ALLOW, WORD_CATEGORIES, WORD_LIST_VERSION, type WordCategory } from './words';

/** Provider name stored with local text verdicts. */
export const LOCAL_TEXT_PROVIDER = `local-words@${WORD_LIST_VERSION}`;
/** Provider name of local image verdicts: a person (teacher or school admin) looks at every photo. */
export const LOCAL_IMAGE_PROVIDER = 'local-manual';

let shared: WordMatcher<WordCategory> | null = null;

/** The matcher over the maintained list (built once). */
export function wordMatcher(): WordMatcher<WordCategory> {
  if (!shared) {
    const entries: [string, WordCategory][] = [];
    for (const cat of WORD_CATEGORIES) for (const w of cat.words) entries.push([w, cat]);
    shared = new WordMatcher(entries, ALLOW);
  }
  return shared;
}

/** Show a matched fragment without repeating it: first character kept, the rest starred. */
export function hideWord(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ''));
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 4))}`;
}

/** A mainland mobile number (11 digits from 1[3-9]) or a QQ / WeChat number, however spaced or dashed. */
function findContactNumber(text: string): boolean {
  const norm = normalise(text)
    .map((c) => c.ch)
    .join('');
  if (/(^|[^0-9])1[3-9]\d{9}($|[^0-9])/.test(norm)) return true;
  return /(qq|vx|wx|微信|扣扣|企鹅)[^0-9]{0,4}\d{5,}/.test(norm);
}

/** A web address. */
function findUrl(text: string): boolean {
  const t = text.normalize('NFKC').toLowerCase();
  return /https?:\/\/|www\.|[a-z0-9-]+\.(com|cn|net|org|top|xyz|cc|vip|shop|site)\b/.test(t);
}

/** Check text against the list; answers the first problem as a user-facing reason, or null. */
export function checkWords(
  text: string,
): { reason: string; category?: string; match?: Match<WordCategory> } | null {
  const match = wordMatcher().find(text);
  // Self-harm is not a wording problem: no "please change it", no quoting (core/moderation/gate.ts cares).
  if (match?.entry.key === 'selfharm') return { reason: match.entry.reason, category: 'selfharm', match };
  if (match) {
    return {
      reason: `${match.entry.reason}（「${hideWord(match.text)}」），请改一改再提交`,
      category: match.entry.key,
      match,
    };
  }
  if (findContactNumber(text)) return { reason: '请不要在卡片上写电话号码、QQ 号等数字联系方式' };
  if (findUrl(text)) return { reason: '请不要在卡片上写网址' };
  return null;
}

/**
 * Local-mode moderator: text against the maintained word list (pass or reject with a reason); images
 * cannot be recognised locally, so every photo is held for a teacher or school admin to look at.
 */
export function createLocalModerator(): Moderator {
  return {
    async checkText(text): Promise<ModerationResult> {
      const problem = checkWords(text);
      if (problem) {
        return {
          verdict: 'reject',
          reason: problem.reason,
          provider: LOCAL_TEXT_PROVIDER,
          ...(problem.category ? { category: problem.category } : {}),
        };
      }
      return { verdict: 'pass', provider: LOCAL_TEXT_PROVIDER };
    },
    async checkImage(): Promise<ModerationResult> {
      return { verdict: 'review', reason: '照片需要老师审核后才能公开', provider: LOCAL_IMAGE_PROVIDER };
    },
  };
}
