// Blackjack at a table (up to 7 seats). Bets open or join the round; the deal comes when
// every seated player has bet, when the betting window closes (shared tables), or at once
// (single-player). A double, split or insurance first moves its stake to escrow, then —
// on `continue` — draws. Turn and insurance timers act for absent players (stand; no
// insurance). Each round shuffles a fresh shoe from its own seeds (continuous shuffle),
// so any round can be verified and replayed on its own.
import { z } from 'zod';
import * as bj from '../../games/blackjack/index.ts';
import { cardToString } from '../../games/cards.ts';
import { ruleError, type RuleError } from '../../games/types.ts';
import type { Rng } from '../../games/rng/types.ts';
import type { JsonObject } from '../../wire/index.ts';
import { AWAY_TURN_MS, type Effect, type GameContext, type Handled, type TableConfig, type TableEvent, type SteppedGame } from '../tables/types.ts';
import { checkStake } from './limits.ts';
import { parsePayload } from './parse.ts';
import { Amount } from '../tables/actions.ts';

interface State {
  engine: bj.BlackjackState;
  /** seat → bettor this round; payouts follow the bettor */
  bettors: Record<string, string>;
  /** a staked action waiting for its stake to be in escrow */
  pending: bj.BlackjackAction | null;
  open: boolean;
}

// Not a boundary: the table channel parsed this action strictly (tables/actions.ts). This
// reads the parsed action or a journal written before that (which also held `key`), so
// unknown fields are dropped, not refused — and never passed on.
const Act = z.object({ action: z.enum(['bet', 'hit', 'stand', 'double', 'split', 'surrender', 'insurance', 'no_insurance']), amount: z.unknown().optional() }).strip();
const noRng: Rng = { int: () => { throw new Error('no draw while betting'); } };
const TURN_MS = 20_000;

/** A fresh shoe for every round: the cut card is "reached" before each deal. */
const freshRound = (s: bj.BlackjackState): bj.BlackjackState => ({ ...bj.nextRound(s), shoe: { cards: [], next: 0, cut: 0 } });

function rulesOf(config: TableConfig): bj.BlackjackRules {
  const r = bj.parseRules((config.options['rules'] as Record<string, unknown>) ?? {});
  if (typeof r === 'string') throw new Error(`table ${config.id}: ${r}`);
  if (r.decks === 0) throw new Error(`table ${config.id}: the infinite deck is for simulation only`);
  return r;
}

const cardsText = (v: unknown): unknown => (Array.isArray(v) ? v.map((c) => (typeof c === 'number' ? cardToString(c) : c)) : v);

/** Events with cards written as text ("As", "Td"); the hole card is never in one before the reveal. */
function publicEvents(events: bj.BlackjackEvent[]): TableEvent[] {
  return events
    .filter((e) => e.type !== 'settled')
    .map((e) => {
      const o: Record<string, unknown> = { ...e };
      if ('card' in o) o['card'] = cardToString(o['card'] as number);
      if ('cards' in o) o['cards'] = cardsText(o['cards']);
      if ('dealer_up' in o) o['dealer_up'] = cardToString(o['dealer_up'] as number);
      if (Array.isArray(o['seats'])) o['seats'] = (o['seats'] as Array<{ seat: number; cards: number[] }>).map((x) => ({ seat: x.seat, cards: cardsText(x.cards) }));
      return o as TableEvent;
    });
}

function timersFor(s: bj.BlackjackState, ms: number, awaySeat?: (seat: number) => boolean): Effect[] {
  const effects: Effect[] = [{ type: 'cancel_timer', name: 'turn' }, { type: 'cancel_timer', name: 'insurance' }];
  // An away player is not waited for: the clock stands for them after a short reconnect allowance.
  if (s.type === 'playing') effects.push({ type: 'timer', name: 'turn', ms: awaySeat?.(s.turn.seat) ? Math.min(ms, AWAY_TURN_MS) : ms });
  if (s.type === 'insurance') effects.push({ type: 'timer', name: 'insurance', ms });
  return effects;
}

export const blackjackGame: SteppedGame<State> = {
  type: 'stepped',
  game: 'blackjack',
  rulesVersion: 'blackjack-1',
  init: (config) => ({ engine: freshRound(bj.newTable(rulesOf(config))), bettors: {}, pending: null, open: false }),
  busy: (s) => s.open,
  publicView: true, // every card is dealt face up but the dealer's hole card, hidden from everyone alike
  journalState: true,
  // A staked double/split waits for its card; then the clock's own defaults.
  clock: (s) => (!s.open ? null : s.pending ? { type: 'continue' }
    : s.engine.type === 'insurance' ? { type: 'timer', name: 'insurance' }
    : s.engine.type === 'playing' ? { type: 'timer', name: 'turn' } : null),
  actions: {
    bet: z.strictObject({ amount: Amount }),
    ...Object.fromEntries(['hit', 'stand', 'double', 'split', 'surrender', 'insurance', 'no_insurance'].map((a) => [a, z.strictObject({})])),
  },

  handle(s, input, rng, ctx): Handled<State> | RuleError {
    const turnMs = Number(ctx.config.options['turn_ms'] ?? TURN_MS);
    const awaySeat = (seat: number) => ctx.away?.has(s.bettors[seat] ?? '') ?? false;
    // Runs one engine step with the round's Rng and turns its result into table output.
    const advance = (action: bj.BlackjackAction, extra: TableEvent[] = []): Handled<State> | RuleError => {
      const r = bj.step(s.engine, action, rng ?? noRng);
      if (!r.ok) return r;
      const events = [...extra, ...publicEvents(r.events)];
      if (r.state.type !== 'settled') {
        return { ok: true, state: { ...s, engine: r.state, pending: null }, events, effects: timersFor(r.state, turnMs, awaySeat) };
      }
      const payouts: Record<string, number> = {};
      for (const x of r.state.results) payouts[s.bettors[x.seat]!] = (payouts[s.bettors[x.seat]!] ?? 0) + x.won;
      const outcome = { dealer: r.state.dealer.map(cardToString), total: r.state.dealerTotal, blackjack: r.events.some((e) => e.type === 'settled' && e.outcome.blackjack) };
      return {
        ok: true,
        state: { engine: freshRound(r.state), bettors: {}, pending: null, open: false },
        events,
        effects: [...timersFor(r.state, turnMs, awaySeat), { type: 'settle', outcome, payouts }],
      };
    };
    const dealNow = (): Effect[] => [{ type: 'cancel_timer', name: 'deal' }, { type: 'continue' }];

    switch (input.type) {
      case 'seated':
      case 'unseated':
        return { ok: true, state: s, events: [], effects: [] };
      case 'timer': {
        const e = s.engine;
        if (input.name === 'deal' && e.type === 'betting' && s.open) return { ok: true, state: s, events: [], effects: [{ type: 'continue' }] };
        if (input.name === 'turn' && e.type === 'playing') return advance({ type: 'stand', seat: e.turn.seat }, [{ type: 'timed_out', seat: e.turn.seat, decision: 'stand' }]);
        if (input.name === 'insurance' && e.type === 'insurance') {
          // Everyone still undecided declines, one step at a time (each may finish the phase).
          let st = s;
          const events: TableEvent[] = [];
          let last: Handled<State> | RuleError | null = null;
          for (const x of e.seats.filter((y) => y.insurance === undefined)) {
            if (st.engine.type !== 'insurance') break;
            last = blackjackGame.handle(st, { type: 'act', playerId: st.bettors[x.seat]!, seat: x.seat, payload: { action: 'no_insurance' } }, rng, ctx);
            if (!last.ok) return last;
            st = last.state;
            // The table says when the clock decided for a player.
            events.push({ type: 'timed_out', seat: x.seat, decision: 'no_insurance' }, ...last.events);
          }
          return last && last.ok ? { ...last, events } : { ok: true, state: s, events: [], effects: [] };
        }
        return { ok: true, state: s, events: [], effects: [] };
      }
      case 'continue':
        if (s.pending) return advance(s.pending);
        if (s.engine.type === 'betting' && s.open) return advance({ type: 'deal' });
        return ruleError('invalid_action', 'nothing to continue');
      case 'act': {
        if (input.seat === null) return ruleError('not_seated', 'take a seat to play');
        const p = parsePayload(Act, input.payload);
        if (!p.ok) return p;
        const seat = input.seat;
        if (p.value.action === 'bet') {
          if (s.engine.type !== 'betting') return ruleError('round_closed', 'betting is closed for this round');
          const bad = checkStake(p.value.amount, ctx.config);
          if (bad) return bad;
          const amount = p.value.amount as number;
          const r = bj.step(s.engine, { type: 'bet', seat, amount }, noRng);
          if (!r.ok) return r;
          const stake = { playerId: input.playerId, amount, bet: { bet: amount, seat } };
          const effects: Effect[] = [s.open ? { type: 'add_stake', stake } : { type: 'open_round', stakes: [stake] }];
          const state: State = { ...s, engine: r.state, bettors: { ...s.bettors, [seat]: input.playerId }, open: true };
          // Deal as soon as every seated player who is here has bet: away players are not waited for.
          const here = [...ctx.seats.values()].filter((x) => !ctx.away?.has(x.playerId)).map((x) => x.seat);
          const allIn = r.state.type === 'betting' && here.every((n) => r.state.type === 'betting' && r.state.bets.some((b) => b.seat === n));
          const betting = Number(ctx.config.options['betting_ms'] ?? 10_000);
          if (!ctx.config.shared || allIn) effects.push(...dealNow());
          else if (!s.open) effects.push({ type: 'timer', name: 'deal', ms: betting });
          return { ok: true, state, events: publicEvents(r.events), effects };
        }
        if (s.bettors[seat] !== input.playerId) return ruleError('not_your_turn', 'you have no hand in this round');
        const action = { type: p.value.action, seat } as bj.BlackjackAction;
        const extra = bj.extraStake(s.engine, action);
        if (extra > 0) {
          // Check legality before taking money: the engine refuses now, or accepts after the stake.
          const probe = bj.step(s.engine, action, { int: () => 0 });
          if (!probe.ok) return probe;
          return {
            ok: true,
            state: { ...s, pending: action },
            events: [],
            effects: [{ type: 'add_stake', stake: { playerId: input.playerId, amount: extra, bet: { [action.type]: extra, seat } } }, { type: 'continue' }],
          };
        }
        return advance(action);
      }
    }
  },

  view(s, _viewer, _ctx: GameContext): JsonObject {
    const v = bj.view(s.engine) as unknown as Record<string, unknown>;
    const seats = (v['seats'] as Array<Record<string, unknown>> | undefined)?.map((x) => ({
      ...x,
      player_id: s.bettors[x['seat'] as number] ?? null,
      hands: (x['hands'] as Array<Record<string, unknown>>).map((h) => ({ ...h, cards: cardsText(h['cards']) })),
    }));
    return {
      ...v,
      ...(seats ? { seats } : {}),
      ...(v['dealer'] ? { dealer: (v['dealer'] as Array<number | null>).map((c) => (c === null ? null : cardToString(c))) } : {}),
    } as JsonObject;
  },
};
