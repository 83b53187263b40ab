import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanChatText, codePointLength, prepareChat } from '../../../src/casino/chat/index.ts';
import { PitbossError } from '../../../src/errors.ts';

function refusal(fn: () => unknown): PitbossError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PitbossError, `expected a PitbossError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('cleanChatText', () => {
  const cases: Array<[string, string, string]> = [
    ['removes tags and keeps their text', 'hello <b>world</b>', 'hello world'],
    ['drops script bodies entirely', '<script>alert(1)</script>hi', 'hi'],
    ['drops style bodies and comments', '<style>p{}</style><!-- x -->ok', 'ok'],
    ['drops attributes with their tag', '<img src=x onerror=alert(1)>after', 'after'],
    ['keeps a less-than sign that starts no tag', '1 < 2 and 3 > 2', '1 < 2 and 3 > 2'],
    ['keeps ampersands and quotes as typed', 'AT&T "q" \'s\'', 'AT&T "q" \'s\''],
    ['decodes entities into visible text', '&lt;3 you &amp; me', '<3 you & me'],
    ['removes a tag hidden behind one layer of entities', '&lt;b&gt;bold', 'bold'],
    ['removes a tag hidden behind two layers of entities', '&amp;lt;i&amp;gt;x', 'x'],
    ['collapses newlines, tabs and runs of spaces to one space', '  line1\n\nline2\t\t x  ', 'line1 line2 x'],
    ['turns a non-breaking space into a plain space', 'a&nbsp;&nbsp;b', 'a b'],
    ['strips control characters', 'a\u0000b\u0007c\u007fd\u0085e', 'abcde'],
    ['strips bidi overrides that would reverse the rest of the line', 'ab\u202Ecd\u2066ef', 'abcdef'],
    ['keeps emoji with skin tones and joiners', '👍🏽 👩‍👩‍👧 ok', '👍🏽 👩‍👩‍👧 ok'],
    ['replaces a lone surrogate', 'a\uD800b', 'a\uFFFDb'],
    ['composes to NFC', 'e\u0301', '\u00e9'],
    ['drops a "<" the HTML parser kept as text before a slash', 'a </', 'a /'],
    ['drops a "<" the HTML parser kept as text before a non-ASCII letter', '<é b', 'é b'],
  ];
  for (const [name, input, out] of cases) {
    it(name, () => assert.equal(cleanChatText(input), out));
  }

  it('refuses text encoded more times over than any chat client does', () => {
    let deep = '<b>x</b>';
    for (let i = 0; i < 8; i++) deep = deep.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    assert.equal(refusal(() => cleanChatText(deep)).reason, 'invalid_payload');
  });
});

describe('prepareChat', () => {
  it('returns the cleaned text', () => {
    assert.deepEqual(prepareChat('  <i>good</i> luck  '), { text: 'good luck' });
  });

  it('refuses a non-string with invalid_payload', () => {
    for (const bad of [undefined, null, 5, {}, ['hi']]) {
      const err = refusal(() => prepareChat(bad));
      assert.equal(err.reason, 'invalid_payload');
      assert.equal(err.message, 'text must be a string');
    }
  });

  it('refuses text that is empty after cleaning', () => {
    for (const empty of ['', '   \n\t', '<b></b>', '<script>x</script>', '\u0000\u202E']) {
      const err = refusal(() => prepareChat(empty));
      assert.equal(err.reason, 'invalid_payload');
      assert.equal(err.message, 'the chat message is empty');
    }
  });

  it('accepts exactly the cap in code points and refuses one more, never truncating', () => {
    assert.equal(prepareChat('x'.repeat(280)).text.length, 280);
    const err = refusal(() => prepareChat('x'.repeat(281)));
    assert.equal(err.reason, 'invalid_payload');
    assert.equal(err.message, 'chat messages are at most 280 characters');
    assert.equal(err.toReply().max_length, 280);
  });

  it('counts code points, so 280 emoji fit though they are 560 UTF-16 units', () => {
    const text = '😀'.repeat(280);
    assert.equal(prepareChat(text).text, text);
    assert.equal(refusal(() => prepareChat('😀'.repeat(281))).reason, 'invalid_payload');
  });

  it('does not count stripped markup against the cap', () => {
    const text = `<b>${'y'.repeat(280)}</b>`;
    assert.equal(codePointLength(prepareChat(text).text), 280);
  });

  it('takes a configured cap and names it in the refusal', () => {
    assert.equal(prepareChat('abcde', { maxLength: 5 }).text, 'abcde');
    assert.equal(refusal(() => prepareChat('abcdef', { maxLength: 5 })).message, 'chat messages are at most 5 characters');
  });

  it('refuses a huge raw input before parsing it', () => {
    const err = refusal(() => prepareChat(`<b>${'z'.repeat(100_000)}</b>`));
    assert.equal(err.message, 'chat messages are at most 280 characters');
  });

  it('rejects an operator cap outside 1..2000 as a programming error', () => {
    assert.throws(() => prepareChat('hi', { maxLength: 0 }), RangeError);
    assert.throws(() => prepareChat('hi', { maxLength: 2.5 }), RangeError);
    assert.throws(() => prepareChat('hi', { maxLength: 2001 }), RangeError);
  });
});
