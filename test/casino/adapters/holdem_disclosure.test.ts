// The disclosure attack on hold'em. A spectator and a player who folds every hand record
// every frame the table sends them for 200 hands. Afterwards they try, with the
// project's own code, to learn any hole card that was never shown: rebuild the deck from
// every seed-like value they received (as `pitboss verify` would), and match every hash
// they received against salted leaves of the card commitment for every hidden position
// and card. Both must fail. Ground truth comes from the journal with the staff reveal.
// Each seated player then verifies its own hole cards of every hand with `pitboss verify`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FairRng } from '../../../src/games/rng/index.ts';
import { cardToString } from '../../../src/games/cards.ts';
import { shuffledDeck } from '../../../src/games/holdem/deck.ts';
import { holdemGame } from '../../../src/casino/adapters/holdem.ts';
import { loadJournal } from '../../../src/ledger/rounds/journal.ts';
import type { GameContext, Input, Seat, TableConfig } from '../../../src/casino/tables/types.ts';
import type { RoundJournal } from '../../../src/ledger/index.ts';
import { startCasino, type Casino, type Client, type Joined } from '../harness.ts';
import * as commit from '../../../src/games/holdem/commit.ts';

const HANDS = 200;
const TABLE = 'hd-1';
const TOPIC = `table:${TABLE}`;
const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/** Every string and integer in a value, with the key it was found under. */
function walk(v: unknown, key: string, out: Array<{ key: string; v: string | number }>): void {
  if (typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v))) out.push({ key, v });
  else if (Array.isArray(v)) for (const x of v) walk(x, key, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, out);
}

/** The hand as dealt, re-run through the table's own adapter from the journal (staff reveal). */
function dealt(j: RoundJournal): { deck: number[]; holes: Map<string, number[]>; serverSeed: string } {
  const open = j.actions[0]!.action as { table: { config: TableConfig; seats: Seat[]; state: unknown } };
  const ctx: GameContext = { config: open.table.config, seats: new Map(open.table.seats.map((s) => [s.seat, s])), roundId: j.id };
  const r0 = holdemGame.handle(open.table.state as never, j.actions[0]!.action as Input, null, ctx);
  assert.ok(r0.ok);
  const r1 = holdemGame.handle(r0.state, j.actions[1]!.action as Input, new FairRng({ serverSeed: j.serverSeed!, clientSeed: j.clientSeed, nonce: j.nonce }), ctx);
  assert.ok(r1.ok && r1.state.hand);
  const hand = r1.state.hand!;
  return { deck: hand.deck, holes: new Map(hand.players.map((p) => [p.playerId, [...p.hole]])), serverSeed: j.serverSeed! };
}

/** The frames of one member split by hand: from a round's `round_opened` to its `settled`. */
function byHand(frames: unknown[]): Map<string, unknown[]> {
  const hands = new Map<string, unknown[]>();
  let current: unknown[] | null = null;
  for (const f of frames) {
    const p = f as { type?: string; round_id?: string };
    if (p.type === 'round_opened' && typeof p.round_id === 'string') hands.set(p.round_id, (current = []));
    current?.push(f);
    if (p.type === 'settled') current = null;
  }
  return hands;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A player as the attack sees it: its socket, and every reply it was sent (the frames it received are on the socket). */
interface Member {
  c: Client;
  playerId: string;
  replies: unknown[];
}
const received = (m: Member): unknown[] => [...m.c.t.frames.map((f) => f.payload), ...m.replies];
async function joinAs(m: Member, topic: string): Promise<Joined> {
  const j = await m.c.join(topic);
  m.replies.push({ status: 'ok', response: j.reply });
  return j;
}
async function push(m: Member, ch: Joined, event: string, payload: Record<string, unknown> = {}) {
  const r = await ch.push(event, payload as never);
  m.replies.push(r);
  return r;
}

describe("hold'em disclosure: what a spectator and a folded player can learn", () => {
  let casino: Casino;
  let spectator: Member;
  let folder: Member;
  let callers: Member[];
  const settled: string[] = [];

  before(async () => {
    casino = await startCasino({ defaultTables: false, promotions: false });
    const member = async (id: string, balance = 0): Promise<Member> => ({ c: await casino.player(id, balance), playerId: id, replies: [] });
    await casino.tables.create('holdem', {
      id: TABLE, ephemeral: false, seats: 6,
      options: { small_blind: 1, big_blind: 2, max_buy_in: 100_000, hand_delay_ms: 0, turn_ms: 10_000 },
    });
    spectator = await member('spec');
    folder = await member('fold', 50_000);
    callers = [await member('call1', 50_000), await member('call2', 50_000)];
    await joinAs(spectator, TOPIC);
    const bots: Array<{ m: Member; ch: Joined; seat: number; fold: boolean; last: string }> = [];
    for (const [seat, m] of [folder, ...callers].entries()) {
      const ch = await joinAs(m, TOPIC);
      const r = await push(m, ch, 'sit', { seat, buy_in: 20_000 });
      assert.equal(r.status, 'ok', JSON.stringify(r));
      bots.push({ m, ch, seat, fold: m === folder, last: '' });
    }
    const until = Date.now() + 240_000;
    const count = () => spectator.c.t.frames.filter((f) => f.event === 'event' && f.payload.type === 'settled').length;
    while (count() < HANDS) {
      if (Date.now() > until) throw new Error(`only ${count()} hands in time`);
      let acted = false;
      for (const b of bots) {
        const st = b.ch.state;
        const hand = st?.game?.hand;
        if (!hand || hand.to_act !== b.seat || !hand.legal) continue;
        const key = `${st.round_id}:${st.seq}`;
        if (b.last === key) continue;
        b.last = key;
        await push(b.m, b.ch, 'act', { action: b.fold ? 'fold' : hand.legal.canCall ? 'call' : 'check' });
        acted = true;
      }
      if (!acted) await sleep(1);
    }
    for (const f of spectator.c.t.frames) if (f.event === 'event' && f.payload.type === 'settled') settled.push(f.payload.round_id);
  });
  after(async () => {
    await casino.close();
  });

  it(`plays ${HANDS} hands with showdowns, mucks and folds`, () => {
    assert.ok(settled.length >= HANDS);
    const events = spectator.c.t.frames.filter((f) => f.event === 'event').map((f) => f.payload);
    const mucked = events.filter((e) => e.type === 'showdown').flatMap((e) => e.hands).filter((h: { mucked?: boolean }) => h.mucked);
    assert.ok(mucked.length > 10, 'some losing hands were mucked unseen');
  });

  for (const who of ['spectator', 'folded player'] as const) {
    it(`the ${who} cannot derive any unshown hole card from everything it received`, async () => {
      const observer = who === 'spectator' ? spectator : folder;
      const frames = received(observer);
      const all = JSON.stringify(frames);
      const hands = byHand(frames);
      let attacked = 0;
      for (const roundId of settled.slice(0, HANDS)) {
        const j = (await loadJournal(casino.ledger.store, roundId, true))!;
        const truth = dealt(j);
        const window = hands.get(roundId);
        assert.ok(window, `the ${who} saw hand ${roundId}`);
        const found: Array<{ key: string; v: string | number }> = [];
        walk(window, '', found);
        // What was shown at showdown is public; everything else of the others' hands is hidden.
        const shown = new Set<string>();
        for (const f of window as Array<{ type?: string; hands?: Array<{ cards?: string[] }> }>) {
          if (f.type === 'showdown') for (const h of f.hands ?? []) for (const c of h.cards ?? []) shown.add(c);
        }
        const hidden = [...truth.holes].filter(([p]) => p !== observer.playerId).flatMap(([, cards]) => cards).filter((c) => !shown.has(cardToString(c)));
        const hiddenPositions = hidden.map((c) => truth.deck.indexOf(c));

        // 1. Rebuild the deck from every seed-like triple received (the first and every
        // tenth hand try every long string as the server seed; the rest the seed fields).
        const strings = [...new Set(found.filter((x) => typeof x.v === 'string').map((x) => x.v as string))];
        const seedLike = attacked++ % 10 === 0 ? strings.filter((s) => s.length >= 16) : strings.filter((s) => found.some((x) => x.v === s && /seed/i.test(x.key)));
        const clients = [...new Set([TABLE, ...found.filter((x) => /client|table/i.test(x.key) && typeof x.v === 'string').map((x) => x.v as string)])];
        const nonces = [...new Set(found.filter((x) => /seq|nonce/i.test(x.key) && typeof x.v === 'number').flatMap((x) => [x.v as number, (x.v as number) - 1]))]
          .filter((n) => n >= 0);
        // The oracle is sound: with the seed, what the observer received does rebuild the deck.
        const opened = window.find((f) => (f as { type?: string }).type === 'round_opened') as { client_seed: string; nonce: number };
        assert.ok(clients.includes(opened.client_seed) && nonces.includes(opened.nonce));
        assert.deepEqual(shuffledDeck(new FairRng({ serverSeed: truth.serverSeed, clientSeed: opened.client_seed, nonce: opened.nonce })), truth.deck);
        for (const serverSeed of seedLike) {
          for (const clientSeed of clients) {
            for (const nonce of nonces) {
              const deck = shuffledDeck(new FairRng({ serverSeed, clientSeed, nonce }));
              assert.ok(!deck.every((c, i) => c === truth.deck[i]), `hand ${roundId}: ${serverSeed}/${clientSeed}/${nonce} rebuilds the deck for the ${who}`);
            }
          }
        }

        // 2. The seed itself never reached the observer.
        assert.ok(!all.includes(truth.serverSeed), `hand ${roundId}: the server seed was sent to the ${who}`);

        // 3. No opening of a hidden position, and no hash received is a leaf of a hidden
        // card under any salt received.
        const salts = strings.filter((s) => /^[0-9a-f]{64}$/.test(s));
        const hashes = new Set(salts);
        const openedAt = new Set<number>();
        const collect = (v: unknown): void => {
          if (Array.isArray(v)) v.forEach(collect);
          else if (v && typeof v === 'object') {
            const o = v as Record<string, unknown>;
            if (typeof o['position'] === 'number' && typeof o['salt'] === 'string') openedAt.add(o['position']);
            Object.values(o).forEach(collect);
          }
        };
        collect(window);
        assert.ok(openedAt.size >= 3, 'the board was opened');
        for (const pos of hiddenPositions) assert.ok(!openedAt.has(pos), `hand ${roundId}: position ${pos} was opened to the ${who}`);
        for (const pos of hiddenPositions) {
          for (let card = 0; card < 52; card++) {
            for (const salt of salts) {
              assert.ok(!hashes.has(commit.leafHash(pos, card, salt)), `hand ${roundId}: a received hash is the leaf of a hidden card`);
            }
          }
        }
      }
    });
  }

  it("never reveals a hold'em seed in recall, in the settled event, or by rotating the player's seed pair", async () => {
    const me = await joinAs(folder, `player:${folder.playerId}`);
    const rot = await push(folder, me, 'rotate_seed');
    assert.equal(rot.status, 'ok');
    const recalled = await casino.ledger.rounds.recent(folder.playerId, 500);
    assert.ok(recalled.length >= HANDS / 3, 'the folder staked blinds in many hands');
    for (const r of recalled) assert.deepEqual([r.game, r.serverSeed, r.seedReveal], ['holdem', null, 'never']);
    const truth = await Promise.all(recalled.map(async (r) => (await loadJournal(casino.ledger.store, r.roundId, true))!.serverSeed!));
    const seen = JSON.stringify([rot, recalled, received(spectator)]);
    assert.ok(truth.every((seed) => !seen.includes(seed)));
  });

  it('lets each seated player verify its own hole cards of every hand with pitboss verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitboss-openings-'));
    for (const p of [folder, ...callers]) {
      const file = join(dir, `${p.playerId}.json`);
      const hands: Array<{ round_id: string; root: string; openings: unknown[]; cards: string[] }> = [];
      const seen = new Set<string>();
      let root: string | null = null;
      for (const f of p.c.t.frames) {
        if (f.event === 'event' && f.payload.type === 'hand_started') root = f.payload.commitment;
        if (f.event !== 'state' || !f.payload.game.hand || seen.has(f.payload.round_id)) continue;
        const mine = f.payload.game.hand.seats.find((s: { player_id: string }) => s.player_id === p.playerId);
        if (!mine?.openings) continue;
        seen.add(f.payload.round_id);
        assert.equal(f.payload.game.hand.commitment, root, 'the state names the root published at hand_started');
        hands.push({ round_id: f.payload.round_id, root: root!, openings: mine.openings, cards: mine.cards });
      }
      assert.ok(hands.length >= HANDS, `${p.playerId} has its openings for every hand`);
      writeFileSync(file, JSON.stringify(hands));
      const r = spawnSync(process.execPath, [main, 'verify', '--openings', file, '--json'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.ok, true);
      assert.deepEqual(out.hands.map((h: { cards: string[] }) => h.cards), hands.map((h) => h.cards));
      if (p !== folder) continue;
      // A doctored card fails.
      const forged = hands.slice(0, 1).map((h) => ({ ...h, openings: [{ ...(h.openings[0] as object), card: h.cards[0] === 'As' ? 'Ks' : 'As' }] }));
      writeFileSync(file, JSON.stringify(forged));
      assert.equal(spawnSync(process.execPath, [main, 'verify', '--openings', file, '--json'], { encoding: 'utf8' }).status, 1);
    }
  });
});
