// Properties of prepareChat over arbitrary input, with a bias towards the characters
// that build markup and entities (random unicode rarely spells "<b>" by itself).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sanitizeHtml from 'sanitize-html';
import { BlockedWords, cleanChatText, codePointLength, prepareChat, DEFAULT_BLOCKED_WORDS } from '../../../src/casino/chat/index.ts';
import { PitbossError } from '../../../src/errors.ts';

const markupy = fc
  .array(
    fc.constantFrom('<', '>', '</', '&', '&lt;', '&gt;', '&amp;', '&#60;', '&#x3c;', 'lt;', ';', 'b', 'script', 'img src=x', '!--', '--', '?', '=', '"', "'",
      ' ', '\n', '\t', '\u0000', '\u202E', '\uD800', 'é', 'e\u0301', '😀', 'i', 'd', 'o', 't', '1', '0', '.', 'idiot', 'scam', 'x'),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));
const anyText = fc.oneof(markupy, fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }));
const cap = fc.integer({ min: 1, max: 300 });

/** The result, or the PitbossError; anything else thrown fails the property. */
function attempt(text: unknown, maxLength?: number): { text: string } | PitbossError {
  try {
    return prepareChat(text, maxLength === undefined ? {} : { maxLength });
  } catch (err) {
    if (err instanceof PitbossError) return err;
    throw err;
  }
}

const TAG_START = /<[\p{L}/!?]/u;

describe('prepareChat properties', () => {
  it('skips the HTML parser only where it would change nothing: text with no "<" or "&" comes back from it as it went in', () => {
    // sanitize.ts passes such text by the parser (its fast path); this holds the two paths equal.
    const decode = (t: string) => t.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[e]!);
    const plain = anyText.map((t) => t.replace(/[<&]/g, ''));
    fc.assert(
      fc.property(plain, (text) => {
        assert.equal(decode(sanitizeHtml(text, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' })), text);
      }),
      { numRuns: 2000 },
    );
  });

  it('never outputs a tag start: no "<" before a letter, "/", "!" or "?"', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = attempt(text);
        if (!(r instanceof PitbossError)) assert.doesNotMatch(r.text, TAG_START);
      }),
      { numRuns: 1500 },
    );
  });

  it('never outputs more code points than the cap, nor an empty or padded message', () => {
    fc.assert(
      fc.property(anyText, cap, (text, maxLength) => {
        const r = attempt(text, maxLength);
        if (r instanceof PitbossError) return;
        assert.ok(codePointLength(r.text) <= maxLength);
        assert.ok(r.text.length > 0);
        assert.equal(r.text, r.text.trim());
        assert.doesNotMatch(r.text, /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent: preparing the output again changes nothing', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = attempt(text);
        if (r instanceof PitbossError) return;
        assert.equal(prepareChat(r.text).text, r.text);
        assert.equal(cleanChatText(r.text), r.text);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but a PitbossError for any input at all', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.anything()), (input) => {
        attempt(input); // a non-Pitboss throw escapes and fails the run
      }),
      { numRuns: 1000 },
    );
  });

  it('masks without changing the length in code points', () => {
    const blocked = new BlockedWords(DEFAULT_BLOCKED_WORDS);
    fc.assert(
      fc.property(anyText, (text) => {
        const clean = cleanChatText(text.slice(0, 500));
        assert.equal(codePointLength(blocked.mask(clean)), codePointLength(clean));
        assert.equal(blocked.mask(blocked.mask(clean)), blocked.mask(clean));
      }),
      { numRuns: 500 },
    );
  });
});
