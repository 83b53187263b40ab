import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BlockedWords, DEFAULT_BLOCKED_WORDS, MAX_BLOCKED_WORDS, parseBlockedWords, prepareChat } from '../../../src/casino/chat/index.ts';
import { canonical } from '../../../src/casino/chat/blocked_words.ts';

const words = new BlockedWords(['idiot', 'scam', 'foo']);

describe('BlockedWords.mask', () => {
  const masked: Array<[string, string, string]> = [
    ['a whole word', 'you idiot', 'you *****'],
    ['any case', 'You IDIOT', 'You *****'],
    ['repeated letters', 'iiidiooot!', '*********!'],
    ['leetspeak digits', '1d10t', '*****'],
    ['@ and $ for a and s', '$c@m', '****'],
    ['accented letters', 'ïdiôt', '*****'],
    ['a plural s', 'idiots everywhere', '****** everywhere'],
    ['letters spelled apart with dots', 'f.o.o', '*****'],
    ['letters spelled apart with spaces, dashes and underscores', 'i d-i_o t', '*********'],
    ['a spelled-apart word after an innocent single letter', 'u i.d.i.o.t', 'u *********'],
    ['repeats inside a spelled-apart word', 'f.o.o.o.o', '*********'],
    ['every occurrence', 'scam, scam and SCAM', '****, **** and ****'],
    ['a word between punctuation', '(idiot)', '(*****)'],
  ];
  for (const [name, input, out] of masked) {
    it(`masks ${name}`, () => assert.equal(words.mask(input), out));
  }

  const untouched: Array<[string, string]> = [
    ['a longer word that contains a blocked one', 'idiotic scampi food'],
    ['a blocked word glued to another', 'scamfoo'],
    ['letters too far apart to be one word', 'f .  o  . o'],
    ['ordinary text', 'good luck at the table, everyone'],
    ['emoji and symbols', '🎰 <3 & 100%'],
  ];
  for (const [name, input] of untouched) {
    it(`leaves ${name}`, () => assert.equal(words.mask(input), input));
  }

  it('keeps the length in code points and is idempotent', () => {
    const input = 'a 1d10t 😀 f.o.o';
    const once = words.mask(input);
    assert.equal([...once].length, [...input].length);
    assert.equal(words.mask(once), once);
  });

  it('counts spellings that mean the same word once', () => {
    assert.equal(new BlockedWords(['idiot', 'IDIOT', '1d10t', 'iddiot']).size, 1);
  });

  it('passes text through unchanged with an empty list', () => {
    assert.equal(new BlockedWords([]).mask('idiot'), 'idiot');
  });
});

describe('the default list', () => {
  it('is mild and masks through prepareChat', () => {
    assert.ok(DEFAULT_BLOCKED_WORDS.includes('idiot') && DEFAULT_BLOCKED_WORDS.includes('scam'));
    assert.equal(prepareChat('what a M0R0N').text, 'what a *****');
    assert.equal(prepareChat('<b>scammers</b> here').text, '******** here');
  });

  it('uses the list passed in instead', () => {
    assert.equal(prepareChat('idiot foo', { blocked: words }).text, '***** ***');
    assert.equal(prepareChat('idiot', { blocked: new BlockedWords([]) }).text, 'idiot');
  });
});

describe('canonical', () => {
  it('lowercases, strips marks, maps leet and collapses repeats', () => {
    assert.equal(canonical('ÏÏd1Ô0t'), 'idiot');
    assert.equal(canonical('5c4mm3r'), 'scamer');
  });
});

describe('parseBlockedWords (PITBOSS_CHAT_BLOCKED)', () => {
  it('splits on commas and trims', () => {
    assert.deepEqual(parseBlockedWords(' foo, bar ,,baz '), ['foo', 'bar', 'baz']);
  });

  it('reads "none" as an empty list', () => {
    assert.deepEqual(parseBlockedWords('none'), []);
  });

  it('refuses words that could never match or would match everything', () => {
    assert.throws(() => parseBlockedWords('ok,a'), /blocked word "a"/);
    assert.throws(() => parseBlockedWords('two words'), /blocked word "two words"/);
    assert.throws(() => parseBlockedWords('x'.repeat(33)), RangeError);
  });

  it('bounds the list size', () => {
    const many = Array.from({ length: MAX_BLOCKED_WORDS + 1 }, (_, i) => `word${i}`);
    assert.throws(() => new BlockedWords(many), /at most 1000/);
    assert.doesNotThrow(() => new BlockedWords(many.slice(1)));
  });
});
