// Card commitments: a hand proves its deck was fixed before play without ever revealing
// the seed that shuffled it (a revealed seed would rebuild every folded and mucked hand).
//
// Each deck position p (0..51) becomes a leaf SHA-256(0x00 ‖ p ‖ card ‖ salt), with a
// 32-byte salt of its own, so a leaf hash says nothing about its card: the 52 candidate
// cards cannot be tried without the salt. The 52 leaves, padded to 64 with the public
// leaves SHA-256(0x02 ‖ p), are hashed pairwise, SHA-256(0x01 ‖ left ‖ right), up to one
// root published when the hand starts. Opening position p gives its card, its salt and
// the six sibling hashes from leaf to root; anyone checks it against the root. An
// opening names one card and one salt only: the siblings are hashes of salted leaves.
//
// The salts are the 52 × 8 words of the hand's own Rng after the shuffle (engine.ts): for
// a provably fair round that is the HMAC-SHA256 stream of the secret server seed, so the
// table recomputes them from its journal after a restart, and they are as secret as the
// seed. The prefix bytes keep leaves, nodes and padding apart (no second preimages).
import { createHash } from 'node:crypto';
import { cardToString, parseCard, type Card } from '../cards.ts';
import type { Rng } from '../rng/types.ts';

export const DECK_SIZE = 52;
/** Leaves padded to a power of two: every opening has the same six siblings. */
const WIDTH = 64;
const DEPTH = 6;

export interface Opening {
  position: number;
  /** text form, e.g. "As" */
  card: string;
  /** 64 hex characters */
  salt: string;
  /** sibling hashes from the leaf's level up, 64 hex characters each */
  path: string[];
}

/** Everything the table keeps to open positions later: the salts and every tree level. */
export interface DeckCommitment {
  root: string;
  salts: string[];
  /** levels[0] = the 64 leaf hashes, levels[6] = [root] */
  levels: string[][];
}

const sha = (...parts: Buffer[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
const HEX64 = /^[0-9a-f]{64}$/;

export function leafHash(position: number, card: Card, salt: string): string {
  return sha(Buffer.from([0, position, card]), Buffer.from(salt, 'hex'));
}

const padLeaf = (position: number): string => sha(Buffer.from([2, position]));
const node = (left: string, right: string): string => sha(Buffer.from([1]), Buffer.from(left, 'hex'), Buffer.from(right, 'hex'));

/** 52 salts from the Rng: eight uniform 32-bit words each, big-endian. */
export function drawSalts(rng: Rng): string[] {
  return Array.from({ length: DECK_SIZE }, () => {
    const b = Buffer.alloc(32);
    for (let i = 0; i < 8; i++) b.writeUInt32BE(rng.int(2 ** 32), 4 * i);
    return b.toString('hex');
  });
}

export function commitDeck(deck: readonly Card[], salts: readonly string[]): DeckCommitment {
  if (deck.length !== DECK_SIZE || salts.length !== DECK_SIZE) throw new RangeError('a commitment covers 52 positions');
  let level = Array.from({ length: WIDTH }, (_, p) => (p < DECK_SIZE ? leafHash(p, deck[p]!, salts[p]!) : padLeaf(p)));
  const levels = [level];
  while (level.length > 1) {
    level = Array.from({ length: level.length / 2 }, (_, i) => node(level[2 * i]!, level[2 * i + 1]!));
    levels.push(level);
  }
  return { root: level[0]!, salts: [...salts], levels };
}

/** The opening of one deck position: its card and salt, and the path to the root. */
export function openPosition(c: DeckCommitment, deck: readonly Card[], position: number): Opening {
  if (!Number.isInteger(position) || position < 0 || position >= DECK_SIZE) throw new RangeError(`no deck position ${position}`);
  const path: string[] = [];
  for (let d = 0, i = position; d < DEPTH; d++, i >>= 1) path.push(c.levels[d]![i ^ 1]!);
  return { position, card: cardToString(deck[position]!), salt: c.salts[position]!, path };
}

/** The openings of these cards, wherever they lie in the deck. */
export function openCards(c: DeckCommitment, deck: readonly Card[], cards: readonly Card[]): Opening[] {
  return cards.map((card) => openPosition(c, deck, deck.indexOf(card)));
}

/** Does the opening hash up to `root`? Anything malformed is simply false. */
export function verifyOpening(root: string, o: Opening): boolean {
  if (typeof root !== 'string' || !HEX64.test(root.toLowerCase()) || typeof o !== 'object' || o === null) return false;
  const { position, card, salt, path } = o;
  if (!Number.isInteger(position) || position < 0 || position >= DECK_SIZE) return false;
  if (typeof salt !== 'string' || !HEX64.test(salt) || !Array.isArray(path) || path.length !== DEPTH) return false;
  if (!path.every((h) => typeof h === 'string' && HEX64.test(h))) return false;
  let c: Card;
  try {
    c = parseCard(String(card));
  } catch {
    return false;
  }
  if (cardToString(c) !== card) return false; // one spelling per card
  let h = leafHash(position, c, salt);
  for (let d = 0, i = position; d < DEPTH; d++, i >>= 1) h = i & 1 ? node(path[d]!, h) : node(h, path[d]!);
  return h === root.toLowerCase();
}

/** A hand's openings checked against its root: the cards they prove, and which failed. */
export function checkOpenings(root: string, openings: readonly unknown[]): { ok: boolean; cards: string[]; positions: number[]; failed: number[] } {
  const failed = openings.flatMap((o, i) => (verifyOpening(root, o as Opening) ? [] : [i]));
  const good = openings.filter((_, i) => !failed.includes(i)) as Opening[];
  return { ok: openings.length > 0 && failed.length === 0, cards: good.map((o) => o.card), positions: good.map((o) => o.position), failed };
}
