// The `mixed` load: bot players at all five games of the real server at once. Each bot
// signs up as a guest, connects with its token, joins the lobby, asks it for a table
// (`find_table`: slots tables of their own; roulette, baccarat, blackjack and hold'em
// shared tables, filled seat by seat because bots of one game are seated one after
// another — hold'em in groups of MIXED_HOLDEM_PER_TABLE, each group asking for its own
// big blind so it gets a table of its own), joins `table:<id>` and sits (hold'em with a
// buy-in of 50 big blinds).
//
// Bots are driven by the table's pushes, like a real client: every `state` push is the
// bot's personal view, and the bot decides from it with a simple legal policy —
//   slots        spin (bet 100), then think MIXED_SLOTS_THINK_MS, then spin again
//   roulette     one even-money bet per round (red/black), at the table minimum or 100
//   baccarat     one bet per round on banker or player, likewise
//   blackjack    bet when the table is betting; decline insurance; hit below 17, else stand
//   hold'em      on its turn (the view's `legal`): check, else call, else fold
// New rounds (bets, spins) start only while the run plays; turns are always answered, so
// a hand that began while bots were still being seated is played, not timed out. After
// an action's reply a bot waits for its next `state` push (the reply overtakes the push
// that action caused, so the view in hand is stale) or FALLBACK_MS, whichever is first.
//
// At most one action per MIN_GAP_MS per bot, under the server's per-player action limit.
//
// Every bot heartbeats every HEARTBEAT_MS, as the official client does: seating thousands
// of bots outlasts the server's heartbeat timeout (60 s), and the first bots seated (all the
// slots bots) sat silent until play began — the server closed their sockets, and their
// spins went unanswered (the "mixed-pg stall" of 2026-12-04 in docs/performance.md).
//
// Wind-down: bots stop starting rounds, play out what is open, hold'em bots leave their
// seats between hands (chips go back to the wallet); it ends when every bot is idle.
//
// The client is the lean one (phoenix-client.ts) for the benchmark, or any BotClient: `pitboss
// chaos` gives the official phoenix client (official-client.ts), which reconnects and rejoins
// by itself when a node dies or a table moves. A bot whose table it rejoined takes the join's
// View, forgets a round that ended while it was away, and sits again if the table's new
// process did not keep its seat — what a person's client would do.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { MIXED_GAMES, MIXED_HOLDEM_PER_TABLE, MIXED_SLOTS_THINK_MS as SLOTS_THINK_MS, portFor, type MixedGame } from '../protocol.ts';
import { connectGuest, type Guest } from './guests.ts';
import { inWindow } from './pool.ts';

export interface Reply {
  status: string;
  response: Record<string, unknown>;
}

/** What a bot needs from its client (the lean PhoenixClient has it; so does the official client's adapter). */
export interface BotClient {
  onPush: ((topic: string, event: string, payload: Record<string, unknown>) => void) | null;
  /** Called by clients that rejoin on their own: `topic` was joined again, with this join reply. */
  onRejoin?: ((topic: string, reply: Record<string, unknown>) => void) | null;
  joinTopic(topic: string, payload?: object): Promise<Record<string, unknown>>;
  leaveTopic(topic: string): Promise<void>;
  call(topic: string, event: string, payload: object): Promise<Reply>;
  heartbeat(): void;
  close(): void;
}

/** Signs a bot up and connects it; `onClose` when its socket closes. */
export type BotConnector = (o: { port: number; idx: number; onClose: () => void }) => Promise<{ guest: Guest; client: BotClient }>;

const leanConnector: BotConnector = ({ port, idx, onClose }) =>
  connectGuest({ port, idx, topicPrefix: 'table:', hooks: { onEvent: () => {}, onClose } });

const SLOTS_BET = 100;
const FALLBACK_MS = 500;
/**
 * At least this long between two actions of one bot (≤ 13/s): the server's per-player
 * action limit (20/s + 10 per 10 s, left at its default) is meant for people, and a
 * blackjack bot on an idle server can otherwise out-click it.
 */
const MIN_GAP_MS = 75;
/** Phoenix's default heartbeat interval. */
const HEARTBEAT_MS = 30_000;

type View = Record<string, any>;
type Phase = 'seating' | 'play' | 'wind' | 'done';

interface Bot {
  game: MixedGame;
  idx: number;
  guest: Guest;
  client: BotClient;
  topic: string;
  state: View | null;
  inflight: boolean;
  waitFresh: boolean;
  timer: NodeJS.Timeout | null;
  /** Round of this bot's last accepted bet or spin, until its `settled` event is seen. */
  openRound: string | null;
  seated: boolean;
  n: number;
  lastAt: number;
  /** `state` pushes seen, to tell whether the push an action caused came before its reply was handled. */
  pushes: number;
}

interface GameStats {
  actions: number;
  ok: number;
  hist: hdr.Histogram;
  refused: Record<string, number>;
  /** Refusals while seating or winding down (leave_seat between hands races a new deal, …). */
  refusedOutsidePlay: Record<string, number>;
  settledInPlay: Set<string>;
  settledAll: Set<string>;
  /** Moves sent while playing, by action (spin, bet, hit, stand, no_insurance, check, call, fold, …). */
  moves: Record<string, number>;
  /** Turn clocks that ran out and acted for a bot (blackjack `timed_out`, hold'em `action` with timeout). */
  turnTimeouts: Set<string>;
}

const newStats = (): GameStats => ({
  actions: 0, ok: 0, hist: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 }),
  refused: {}, refusedOutsidePlay: {}, moves: {}, settledInPlay: new Set(), settledAll: new Set(), turnTimeouts: new Set(),
});

let bots: Bot[] = [];
let phase: Phase = 'seating';
/** Sockets the server closed (or that failed) since seating began. */
let closed = 0;
let beat: NodeJS.Timeout | null = null;

/** Heartbeats spread over the interval: each second, the next 1/30 of the bots. */
function startHeartbeats(): void {
  if (beat !== null) return;
  let cursor = 0;
  beat = setInterval(() => {
    const slice = Math.ceil(bots.length / (HEARTBEAT_MS / 1000));
    for (let k = 0; k < slice && bots.length > 0; k++) bots[cursor++ % bots.length]!.client.heartbeat();
  }, 1000);
}
let stats = Object.fromEntries(MIXED_GAMES.map((g) => [g, newStats()])) as Record<MixedGame, GameStats>;
/** Bots that sat again after their table came back without their seat, and the refusals of those sits by reason. */
let reseats = { ok: 0, refused: {} as Record<string, number> };

function mySeat(b: Bot): number | null {
  const s = (b.state?.['seats'] as Array<{ seat: number; player_id: string }> | undefined)?.find((x) => x.player_id === b.guest.player_id);
  return s ? s.seat : null;
}

/** A bet within the table's limits: 100, raised to the minimum, capped at the maximum. */
function stakeFor(b: Bot): number {
  const t = b.state?.['table'] as { min_bet: number; max_bet: number } | undefined;
  return t ? Math.min(t.max_bet, Math.max(t.min_bet, 100)) : 100;
}

type Move = { event: 'act' | 'leave_seat'; payload: Record<string, unknown> };

/** What the bot does now, or null to wait for the next push. */
function policy(b: Bot): Move | null {
  const g = b.state?.['game'] as View | undefined;
  if (!g) return null;
  const starting = phase === 'play';
  switch (b.game) {
    case 'slots':
      return starting ? { event: 'act', payload: { action: 'spin', bet: SLOTS_BET } } : null;
    case 'roulette':
    case 'baccarat': {
      if (!starting || b.openRound !== null || (g['staked'] as Record<string, number>)[b.guest.player_id] !== undefined) return null;
      const amount = stakeFor(b);
      const even = b.n % 2 === 0;
      return b.game === 'roulette'
        ? { event: 'act', payload: { action: 'bet', bets: [{ type: even ? 'red' : 'black', amount }] } }
        : { event: 'act', payload: { action: 'bet', bets: [{ on: even ? 'banker' : 'player', amount }] } };
    }
    case 'blackjack': {
      const seat = mySeat(b);
      if (seat === null) return null;
      if (g['tag'] === 'betting') {
        const bets = (g['bets'] as Array<{ seat: number }> | undefined) ?? [];
        return starting && b.openRound === null && !bets.some((x) => x.seat === seat) ? { event: 'act', payload: { action: 'bet', amount: stakeFor(b) } } : null;
      }
      const mine = (g['seats'] as Array<{ seat: number; insurance?: number; hands: Array<{ total: number }> }> | undefined)?.find((x) => x.seat === seat);
      if (!mine) return null;
      if (g['tag'] === 'insurance') return mine.insurance === undefined ? { event: 'act', payload: { action: 'no_insurance' } } : null;
      const turn = g['turn'] as { seat: number; hand: number } | undefined;
      if (g['tag'] !== 'playing' || !turn || turn.seat !== seat) return null;
      const legal = (g['legal'] as string[] | undefined) ?? [];
      const total = mine.hands[turn.hand]?.total ?? 21;
      return { event: 'act', payload: { action: total < 17 && legal.includes('hit') ? 'hit' : 'stand' } };
    }
    case 'holdem': {
      const hand = g['hand'] as View | null;
      const legal = hand?.['legal'] as { canCheck: boolean; canCall: boolean } | null | undefined;
      if (legal) return { event: 'act', payload: { action: legal.canCheck ? 'check' : legal.canCall ? 'call' : 'fold' } };
      // Leave between hands when the run is over (a hand in progress is played first).
      if (phase === 'wind' && b.seated && hand === null && g['dealing'] !== true) return { event: 'leave_seat', payload: {} };
      return null;
    }
  }
}

function count(map: Record<string, number>, k: string): void {
  map[k] = (map[k] ?? 0) + 1;
}

function decide(b: Bot): void {
  if (b.inflight || b.waitFresh || phase === 'done') return;
  const move = policy(b);
  if (move === null) return;
  const wait = b.lastAt + MIN_GAP_MS - performance.now();
  if (wait > 0) {
    b.timer ??= setTimeout(() => {
      b.timer = null;
      decide(b);
    }, wait);
    return;
  }
  const st = stats[b.game];
  const inPlay = phase === 'play';
  b.inflight = true;
  b.n++;
  if (inPlay) {
    st.actions++;
    count(st.moves, String(move.payload['action'] ?? move.event));
  }
  const t0 = performance.now();
  b.lastAt = t0;
  // Only the actions that open a round carry a key (idempotent against a retry); turns need none.
  const payload = move.payload['action'] === 'bet' || move.payload['action'] === 'spin' ? { ...move.payload, key: `m${b.idx}-${b.n}` } : move.payload;
  const pushesAtSend = b.pushes;
  void b.client.call(b.topic, move.event, payload).then((r) => {
    b.inflight = false;
    if (r.status === 'ok') {
      if (inPlay) {
        st.ok++;
        st.hist.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      }
      if (move.event === 'leave_seat') b.seated = false;
      const round = r.response['round_id'];
      if ((payload['action'] === 'bet' || payload['action'] === 'spin') && typeof round === 'string' && !st.settledAll.has(round)) b.openRound = round;
    } else {
      count(inPlay ? st.refused : st.refusedOutsidePlay, String(r.response['reason'] ?? r.status));
      // Unseated without a state saying so (a restart's state still on its way): sit again.
      if (r.response['reason'] === 'not_seated' && b.seated && b.game !== 'slots') return reseat(b);
    }
    // Slots think, then spin again; the others wait for the push their action caused —
    // unless it already came: the server writes a turn's frames together, so the push
    // can be read in the same chunk as the reply and handled before this callback runs.
    if (b.game !== 'slots' && b.pushes > pushesAtSend) {
      b.waitFresh = false;
      if (b.timer) clearTimeout(b.timer);
      b.timer = null;
      decide(b);
      return;
    }
    b.waitFresh = b.game !== 'slots';
    if (b.timer) clearTimeout(b.timer);
    b.timer = setTimeout(() => {
      b.timer = null;
      b.waitFresh = false;
      decide(b);
    }, b.game === 'slots' ? SLOTS_THINK_MS : FALLBACK_MS);
  });
}

function onPush(b: Bot, topic: string, event: string, payload: View): void {
  if (topic !== b.topic) return;
  if (event === 'state') {
    b.state = payload;
    b.pushes++;
    // The round the bot staked in is over though its `settled` never came (a bus outage
    // between nodes lost it): the View moved on. Events go before the state they lead to,
    // so in a run without faults the `settled` has always cleared it first.
    if (b.openRound !== null && b.game !== 'slots' && payload['round_id'] !== b.openRound) b.openRound = null;
    if (lostSeat(b)) return reseat(b);
    if (b.game === 'slots') return; // slots bots run on their own clock
    if (b.waitFresh) {
      b.waitFresh = false;
      if (b.timer) clearTimeout(b.timer);
      b.timer = null;
    }
    decide(b);
  } else if (event === 'event') {
    const st = stats[b.game];
    if (payload['type'] === 'settled') {
      const id = String(payload['round_id']);
      st.settledAll.add(id);
      if (phase === 'play') st.settledInPlay.add(id);
      if (b.openRound === id) b.openRound = null;
    } else if (payload['type'] === 'timed_out' || (payload['type'] === 'action' && payload['timeout'] === true)) {
      st.turnTimeouts.add(`${topic}:${String(payload['seq'])}`);
    }
  }
}

/** Its client joined the bot's table again (the table moved to another node, or restarted). */
function rejoined(b: Bot, topic: string, reply: View): void {
  const state = reply['state'] as View | undefined;
  if (topic !== b.topic || state === undefined || phase === 'done') return;
  b.state = state;
  b.pushes++;
  // Its round ended while it was away: settled, or completed by the new process's recovery.
  if (b.openRound !== null && state['round_id'] !== b.openRound) b.openRound = null;
  b.waitFresh = false;
  if (b.timer) clearTimeout(b.timer);
  b.timer = null;
  if (lostSeat(b)) return reseat(b);
  decide(b);
}

/** The table no longer seats a bot that sat (it restarted — crash or move — between rounds, and took back no seats). */
const lostSeat = (b: Bot): boolean => b.seated && b.game !== 'slots' && !b.inflight && b.state !== null && mySeat(b) === null;

/** Sits again while the run plays; after it, a bot that lost its seat is simply idle. */
function reseat(b: Bot): void {
  if (phase !== 'play') {
    b.seated = false;
    return;
  }
  b.inflight = true;
  // No buy-in asked: a hold'em stack outlives the table's process (escrow) and the player sits on it (else the default buy-in).
  void b.client.call(b.topic, 'sit', {}).then((r) => {
    b.inflight = false;
    if (r.status === 'ok') reseats.ok++;
    else {
      count(reseats.refused, String(r.response['reason'] ?? r.status));
      if (r.response['reason'] !== 'already_seated') b.seated = false; // gives up the table: idle from now on
    }
    decide(b);
  });
}

async function seatBot(port: number, game: MixedGame, idx: number, nth: number, connect: BotConnector): Promise<Bot> {
  const { guest, client } = await connect({ port, idx, onClose: () => { if (phase !== 'done') closed++; } });
  const b: Bot = { game, idx, guest, client, topic: '', state: null, inflight: false, waitFresh: false, timer: null, openRound: null, seated: false, n: 0, lastAt: 0, pushes: 0 };
  client.onPush = (topic, event, payload) => onPush(b, topic, event, payload);
  client.onRejoin = (topic, reply) => rejoined(b, topic, reply);
  await client.joinTopic('lobby');
  for (let attempt = 0; ; attempt++) {
    const where = game === 'roulette' ? { shared: true } : game === 'holdem' ? { min_bet: 100 + Math.floor(nth / MIXED_HOLDEM_PER_TABLE) } : {};
    const found = await client.call('lobby', 'find_table', { game, ...where });
    if (found.status !== 'ok') throw new Error(`find_table ${game}: ${JSON.stringify(found.response)}`);
    b.topic = `table:${String(found.response['id'])}`;
    const joined = await client.joinTopic(b.topic);
    b.state = joined['state'] as View;
    if (game === 'slots') return b; // a single-player table seats its player on the first spin
    const buyIn = game === 'holdem' ? { buy_in: Math.min(stakeFor(b) * 50, (b.state['table'] as { max_bet: number }).max_bet) } : {};
    const sat = await client.call(b.topic, 'sit', buyIn);
    if (sat.status === 'ok') {
      b.seated = true;
      return b;
    }
    const reason = String(sat.response['reason']);
    if (attempt >= 3 || (reason !== 'table_full' && reason !== 'seat_taken')) throw new Error(`sit ${game}: ${JSON.stringify(sat.response)}`);
    await client.leaveTopic(b.topic);
  }
}

/** Seat `players[game]` bots per game: games side by side, the bots of one game one after another. */
export async function mixedSeat(port: number, players: Record<MixedGame, number>, connect: BotConnector = leanConnector, ports?: number[]): Promise<Record<string, unknown>> {
  phase = 'seating';
  closed = 0;
  reseats = { ok: 0, refused: {} };
  startHeartbeats();
  stats = Object.fromEntries(MIXED_GAMES.map((g) => [g, newStats()])) as Record<MixedGame, GameStats>;
  const t0 = performance.now();
  const errors: string[] = [];
  let idx = 0;
  await Promise.all(MIXED_GAMES.map(async (game) => {
    const first = idx;
    idx += players[game];
    // Single-player tables never collide: seat those with more in flight.
    await inWindow(players[game], game === 'slots' ? 16 : 1, async (i) => {
      try {
        bots.push(await seatBot(portFor(port, ports, first + i), game, first + i, i, connect));
      } catch (e) {
        errors.push((e as Error).message);
      }
    });
  }));
  const seated = Object.fromEntries(MIXED_GAMES.map((g) => [g, bots.filter((b) => b.game === g).length]));
  const tables = Object.fromEntries(MIXED_GAMES.map((g) => [g, new Set(bots.filter((b) => b.game === g).map((b) => b.topic)).size]));
  return { seated, total: bots.length, tables, ms: performance.now() - t0, errors: errors.slice(0, 5), errorCount: errors.length };
}

const idle = (b: Bot): boolean => !b.inflight && b.openRound === null && !(b.game === 'holdem' && b.seated);

/** Play for `durationMs`, then wind down (at most `windDownMs`); per-game figures. */
export async function mixedPlay(durationMs: number, windDownMs: number): Promise<Record<string, unknown>> {
  phase = 'play';
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (const b of bots) decide(b);
  await new Promise((r) => setTimeout(r, durationMs));
  const playMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  // The generator's CPU while playing (not winding down), in cores.
  const playLoadCpu = (cpu.user + cpu.system) / 1000 / playMs;
  phase = 'wind';
  const windStart = performance.now();
  // Hold'em bots leave on their next push; nudge those whose table is quiet now.
  for (const b of bots) if (!b.waitFresh) decide(b);
  while (!bots.every(idle) && performance.now() - windStart < windDownMs) {
    await new Promise((r) => setTimeout(r, 50));
    for (const b of bots) if (b.game === 'holdem' && b.seated && !b.waitFresh) decide(b);
  }
  const stuck = bots.filter((b) => !idle(b)).map((b) => `${b.game} ${b.topic}${b.inflight ? ' in flight' : ''}${b.openRound ? ` round ${b.openRound}` : ''}${b.game === 'holdem' && b.seated ? ' still seated' : ''}`);
  phase = 'done';
  for (const b of bots) if (b.timer) clearTimeout(b.timer);
  const games = Object.fromEntries(MIXED_GAMES.map((g) => {
    const st = stats[g];
    return [g, {
      players: bots.filter((b) => b.game === g).length,
      tables: new Set(bots.filter((b) => b.game === g).map((b) => b.topic)).size,
      actions: st.actions, ok: st.ok,
      rounds: st.settledInPlay.size, roundsPerSec: (st.settledInPlay.size * 1000) / playMs, roundsAll: st.settledAll.size,
      p50Ms: st.hist.getValueAtPercentile(50) / 1000, p99Ms: st.hist.getValueAtPercentile(99) / 1000, maxMs: st.hist.maxValue / 1000,
      moves: st.moves, refused: st.refused, refusedOutsidePlay: st.refusedOutsidePlay, turnTimeouts: st.turnTimeouts.size,
    }];
  }));
  return { playMs, playLoadCpu, windDownMs: performance.now() - windStart, games, stuck: stuck.slice(0, 10), stuckCount: stuck.length, closed, reseats };
}

export function mixedClose(): void {
  phase = 'done';
  if (beat !== null) clearInterval(beat);
  beat = null;
  for (const b of bots) {
    if (b.timer) clearTimeout(b.timer);
    b.client.close();
  }
  bots = [];
  phase = 'seating';
}
