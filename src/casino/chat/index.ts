// Chat: turning a client's `chat {text}` into the text the table broadcasts, and the
// room's scroll-back. Pure; the table channel rate-limits (src/casino/limits) before
// calling prepareChat, and the room stamps `at` and keeps the ChatHistory.
import { PitbossError } from '../../errors.ts';
import { DEFAULT_BLOCKED_WORDS, DEFAULT_MAX_LENGTH, MAX_MAX_LENGTH } from '../../config/chat.ts';
import { BlockedWords } from './blocked_words.ts';
import { checkLength, cleanChatText, rawLimit } from './sanitize.ts';

export { BlockedWords, DEFAULT_BLOCKED_WORDS, MAX_BLOCKED_WORDS, parseBlockedWords } from './blocked_words.ts';
export { ChatHistory, DEFAULT_HISTORY, MAX_HISTORY, type ChatMessage } from './history.ts';
export { cleanChatText, codePointLength } from './sanitize.ts';
export { DEFAULT_MAX_LENGTH, MAX_MAX_LENGTH } from '../../config/chat.ts';

export interface ChatOptions {
  /** Longest message, in code points, after cleaning. Default 280. */
  maxLength?: number;
  /** Words to mask. Default: DEFAULT_BLOCKED_WORDS. */
  blocked?: BlockedWords;
}

const defaultBlocked = new BlockedWords(DEFAULT_BLOCKED_WORDS);

/**
 * The text to broadcast for a client's `text`, or a PitbossError (`invalid_payload`) to
 * reply with. Order matters: the length is checked on the cleaned text (markup does not
 * count against the player), and masking comes last because it keeps the length.
 */
export function prepareChat(text: unknown, opts: ChatOptions = {}): { text: string } {
  const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_MAX_LENGTH) {
    throw new RangeError(`chat maxLength must be an integer from 1 to ${MAX_MAX_LENGTH}`);
  }
  if (typeof text !== 'string') throw new PitbossError('invalid_payload', 'text must be a string');
  // Bound the parser's work before it runs; the frame limit alone allows megabytes.
  if (text.length > rawLimit(maxLength)) {
    throw new PitbossError('invalid_payload', `chat messages are at most ${maxLength} characters`, { max_length: maxLength });
  }
  const clean = cleanChatText(text);
  if (clean === '') throw new PitbossError('invalid_payload', 'the chat message is empty');
  checkLength(clean, maxLength);
  return { text: (opts.blocked ?? defaultBlocked).mask(clean) };
}
