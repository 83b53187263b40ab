// Chat text cleaning: what a player typed becomes one line of plain text that holds no
// markup, whatever the client does with it (a careless client that puts it in innerHTML
// still shows text). Pure; no I/O.
//
// How it works: one cleaning pass is sanitize-html with nothing allowed (tags go, the
// text of script/style/textarea goes with them), then the handful of entities
// sanitize-html writes (&amp; &lt; &gt; &quot;) are turned back into characters, so
// "AT&T" and "1 < 2" arrive as typed. Decoding can expose a tag that was hidden one
// layer down ("&lt;b&gt;" becomes "<b>"), so passes repeat until the text stops
// changing; the result is a fixed point, which is why cleaning twice equals cleaning
// once. A "<" left before a letter, "/", "!" or "?" is dropped as a last step. Nested
// encodings deeper than MAX_PASSES are refused instead of looping on.
import sanitizeHtml from 'sanitize-html';
import { PitbossError } from '../../errors.ts';

/** Each pass peels one layer of entity encoding; real text needs two at most. */
const MAX_PASSES = 8;

const NOTHING_ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
};

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const ENTITY = /&(?:amp|lt|gt|quot|#39);/g;
// C0/C1 controls and DEL, plus the bidirectional overrides and isolates that let one
// message reverse the text after it; zero-width joiners stay (emoji sequences need them).
const CONTROL = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
const WHITESPACE = /\s+/gu;
const LOOSE_TAG_START = /<(?=[\p{L}\p{M}\/!?])/gu;

// Only "<" can open markup and only "&" an entity: text with neither is text already, so
// the parser is skipped (a property test holds the two paths equal). Most chat lines are
// such text, and the parser was most of a chat message's cost at a busy table.
const MARKUP = /[<&]/;

function pass(text: string): string {
  const stripped = MARKUP.test(text) ? sanitizeHtml(text, NOTHING_ALLOWED).replace(ENTITY, (e) => ENTITIES[e]!) : text;
  return stripped
    .toWellFormed() // a lone surrogate from a JSON \ud800 escape becomes U+FFFD
    .replace(WHITESPACE, ' ') // newlines and tabs first: they are controls too
    .replace(CONTROL, '')
    .replace(WHITESPACE, ' ')
    .trim()
    .normalize('NFC');
}

/** The plain-text form of `raw`; may be empty. Throws only `invalid_payload`. */
export function cleanChatText(raw: string): string {
  let text = raw;
  for (let i = 0; i < MAX_PASSES; i++) {
    let next = pass(text);
    if (next === text) {
      // Stable, but the parser may have kept a "<" as text where it could not open an
      // HTML tag ("</" at the end, "<é"); another parser, or a client gluing strings,
      // might. Drop those and check stability again.
      next = text.replace(LOOSE_TAG_START, '');
      if (next === text) return text;
    }
    text = next;
  }
  throw new PitbossError('invalid_payload', 'the chat message is encoded too many times over');
}

/** Length in code points, as a player counts characters (an emoji is one, not two). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Refuses text that is too long: never cut silently, the sender would not know what the table read. */
export function checkLength(text: string, maxLength: number): void {
  if (codePointLength(text) > maxLength) {
    throw new PitbossError('invalid_payload', `chat messages are at most ${maxLength} characters`, { max_length: maxLength });
  }
}

/** Uncleaned input longer than this is refused before parsing: markup rarely triples a message. */
export function rawLimit(maxLength: number): number {
  return Math.max(4 * maxLength, 1024);
}
