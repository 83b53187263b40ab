import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { freshDeck } from '../../../src/games/cards.ts';
import { SeededRng, shuffle } from '../../../src/games/rng/index.ts';
import { commitDeck, drawSalts, leafHash, openPosition, verifyOpening, type Opening } from '../../../src/games/holdem/commit.ts';

/** A shuffled deck and its salts from one seed. */
function hand(seed: string) {
  const rng = new SeededRng(seed);
  const deck = shuffle(rng, freshDeck());
  const c = commitDeck(deck, drawSalts(rng));
  return { deck, c };
}

const seed = fc.string({ minLength: 1, maxLength: 12 });
const position = fc.integer({ min: 0, max: 51 });
const flipHex = (h: string, i: number) => h.slice(0, i) + ((parseInt(h[i]!, 16) ^ 1).toString(16)) + h.slice(i + 1);

describe('deck commitments', () => {
  it('matches an independent computation of the leaf, the padding and the root', () => {
    const { deck, c } = hand('kat');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest();
    let level = Array.from({ length: 64 }, (_, p) =>
      p < 52 ? sha(Buffer.concat([Buffer.from([0, p, deck[p]!]), Buffer.from(c.salts[p]!, 'hex')])) : sha(Buffer.from([2, p])));
    while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => sha(Buffer.concat([Buffer.from([1]), level[2 * i]!, level[2 * i + 1]!])));
    assert.equal(c.root, level[0]!.toString('hex'));
    assert.equal(c.salts.length, 52);
    assert.equal(new Set(c.salts).size, 52);
  });

  it('every opening of every position verifies against the root', () => {
    fc.assert(fc.property(seed, (s) => {
      const { deck, c } = hand(s);
      for (let p = 0; p < 52; p++) assert.ok(verifyOpening(c.root, openPosition(c, deck, p)));
    }), { numRuns: 40 });
  });

  it('a tampered card, salt, path, position or root fails', () => {
    fc.assert(fc.property(seed, position, fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 5 }), (s, p, nibble, level) => {
      const { deck, c } = hand(s);
      const o = openPosition(c, deck, p);
      const other = (p + 1 + (nibble % 51)) % 52;
      const tampered: Opening[] = [
        { ...o, card: openPosition(c, deck, other).card },
        { ...o, salt: flipHex(o.salt, nibble) },
        { ...o, path: o.path.map((h, d) => (d === level ? flipHex(h, nibble) : h)) },
        { ...o, path: [...o.path].reverse() },
        { ...o, path: o.path.slice(0, 5) },
        { ...o, position: other },
        { ...o, position: p ^ (1 << level) },
        { ...o, position: 52 + (nibble % 12) },
        { ...o, card: o.card[0]!.toLowerCase() + o.card[1]!.toUpperCase() },
      ];
      for (const t of tampered) assert.equal(verifyOpening(c.root, t), false, JSON.stringify(t));
      assert.equal(verifyOpening(flipHex(c.root, nibble), o), false);
      assert.equal(verifyOpening(hand(`${s}'`).c.root, o), false, "another hand's root");
    }), { numRuns: 60 });
  });

  it('rejects malformed openings without throwing', () => {
    const { deck, c } = hand('junk');
    const o = openPosition(c, deck, 3);
    for (const bad of [null, {}, { ...o, position: 2.5 }, { ...o, position: -1 }, { ...o, card: 'Xx' }, { ...o, card: 5 }, { ...o, salt: 'zz' }, { ...o, path: 'x' }, { ...o, path: [1, 2, 3, 4, 5, 6] }]) {
      assert.equal(verifyOpening(c.root, bad as Opening), false);
    }
    assert.equal(verifyOpening('nope', o), false);
    assert.throws(() => openPosition(c, deck, 52), RangeError);
  });

  it('the openings of shown positions reveal nothing about the other positions', () => {
    fc.assert(fc.property(seed, fc.uniqueArray(position, { minLength: 1, maxLength: 23 }), (s, shown) => {
      const { deck, c } = hand(s);
      const openings = shown.map((p) => openPosition(c, deck, p));
      const hidden = deck.map((_, p) => p).filter((p) => !shown.includes(p));
      // Only the opened positions' cards and salts are in them.
      const salts = new Set(openings.map((o) => o.salt));
      for (const p of hidden) assert.ok(!salts.has(c.salts[p]!) && !JSON.stringify(openings).includes(c.salts[p]!));
      assert.deepEqual(openings.map((o) => o.card).sort(), shown.map((p) => openPosition(c, deck, p).card).sort());
      // Trying every card of every hidden position under every salt received matches no
      // hash received: a sibling hash cannot be opened without its own salt.
      const hashes = new Set(openings.flatMap((o) => o.path));
      for (const p of hidden) for (let card = 0; card < 52; card++) for (const salt of salts) assert.ok(!hashes.has(leafHash(p, card, salt)));
      // And the same shown cards with the hidden cards dealt differently (fresh salts
      // there) give openings of the very same form: only the sibling hashes differ.
      const again = hand(`${s}#`);
      const moved = [...again.deck];
      const keep = new Map(shown.map((p) => [p, deck[p]!]));
      const rest = moved.filter((card) => ![...keep.values()].includes(card));
      const deck2 = moved.map((_, p) => (keep.has(p) ? keep.get(p)! : rest.shift()!));
      const salts2 = again.c.salts.map((x, p) => (keep.has(p) ? c.salts[p]! : x));
      const c2 = commitDeck(deck2, salts2);
      const openings2 = shown.map((p) => openPosition(c2, deck2, p));
      assert.deepEqual(openings2.map(({ path: _, ...o }) => o), openings.map(({ path: _, ...o }) => o));
      assert.ok(openings2.every((o) => verifyOpening(c2.root, o)));
    }), { numRuns: 40 });
  });

  it('draws each salt as eight big-endian words of the Rng', () => {
    const words = [0x01020304, 0xa0b0c0d0, 0, 0xffffffff, 7, 8, 9, 10];
    let i = 0;
    const salts = drawSalts({ int: (n) => { assert.equal(n, 2 ** 32); return words[i++ % 8]!; } });
    assert.equal(salts[0], '01020304a0b0c0d000000000ffffffff000000070000000800000009' + '0000000a');
    assert.equal(salts.length, 52);
  });
});
