// Chat's settings, as data config owns: the defaults and bounds of PITBOSS_CHAT_*, and the
// syntax of the blocked-word list. src/casino/chat applies them (and judges each word in
// its own canonical form, blocked_words.ts); src/config.ts reads them here so it never
// imports the casino. Why each default: docs/limits-and-chat.md.

/** Longest chat line, in code points after cleaning. */
export const DEFAULT_MAX_LENGTH = 280;
/** A ceiling on the configurable cap: a chat line is not a document. */
export const MAX_MAX_LENGTH = 2000;
/** Lines of scroll-back a table keeps for the join reply. */
export const DEFAULT_HISTORY = 50;
/** A ceiling on the configurable size: every join reply carries the whole ring. */
export const MAX_HISTORY = 500;

/** Deliberately mild; operators replace it with PITBOSS_CHAT_BLOCKED. */
export const DEFAULT_BLOCKED_WORDS: readonly string[] = ['idiot', 'moron', 'imbecile', 'dumbass', 'jerk', 'scumbag', 'scam', 'scammer'];
/** Bounds on an operator's list: it is scanned for every message. */
export const MAX_BLOCKED_WORDS = 1000;
export const MAX_WORD_LENGTH = 32;
/** What a blocked word is made of: letters, marks, digits and the leet symbols @ and $. */
export const WORD_CHAR = /[\p{L}\p{M}\p{N}@$]/u;

/**
 * PITBOSS_CHAT_BLOCKED: comma-separated words replacing the default list; "none" for none.
 * Throws a RangeError naming the first bad word.
 */
export function parseBlockedList(value: string): string[] {
  if (value.trim().toLowerCase() === 'none') return [];
  const words = value.split(',').map((w) => w.trim()).filter((w) => w.length > 0);
  if (words.length > MAX_BLOCKED_WORDS) throw new RangeError(`at most ${MAX_BLOCKED_WORDS} blocked words`);
  for (const w of words) {
    if (w.length < 2 || w.length > MAX_WORD_LENGTH || ![...w].every((ch) => WORD_CHAR.test(ch))) {
      throw new RangeError(`blocked word "${w}" must be 2 to ${MAX_WORD_LENGTH} letters or digits`);
    }
  }
  return words;
}
