// Games whose round is "everyone bets, then one draw settles every bet" — roulette and
// baccarat — share this adapter. The first accepted bet opens the round (its stake goes
// to escrow), later bets add stakes; the draw happens only after: on a single-player
// table when the player asks (or at once, for games without a resolve action), on a
// shared table when the betting window's timer fires.
import { z } from 'zod';
import { ruleError, type RuleError, type StepResult } from '../../games/types.ts';
import type { Rng } from '../../games/rng/types.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { Effect, GameId, SteppedGame, TableEvent } from '../tables/types.ts';
import { parsePayload } from './parse.ts';
import type { ActionSchemas } from '../tables/actions.ts';

interface EngineState {
  type: string;
}
type SeatResult = { seat: number; staked: number; won: number };

export interface BettingEngine<E extends EngineState> {
  game: GameId;
  rulesVersion: string;
  newRound(): E;
  nextRound(s: E): E;
  parseBets(seat: number, raw: unknown): Array<{ amount: number }> | RuleError;
  /** the strict shape of one bet in a `bet` action's list (the engine's parseBets checks the rest) */
  betSchema: z.ZodType;
  /** the most bets one `bet` action may carry */
  maxBets: number;
  step(s: E, action: { type: 'bet'; seat: number; bets: unknown } | { type: 'spin' | 'deal' }, rng: Rng): StepResult<E, { type: string; [k: string]: unknown }>;
  /** the action that draws the outcome */
  resolve: 'spin' | 'deal';
  /** single-player tables: may the player trigger the draw with `act {action: resolve}`? else it follows each bet */
  playerResolves: boolean;
  /** default betting window on shared tables (ms) */
  windowMs: number;
  view(s: E): unknown;
}

interface State<E> {
  engine: E;
  /** seat → player at the time of the bet: payouts follow the bettor, even if the seat changes hands */
  bettors: Record<string, string>;
  staked: Record<string, number>;
  open: boolean;
  last: JsonObject | null;
}

// Not a boundary: the table channel parsed this action strictly (tables/actions.ts). This
// reads the parsed action or a journal written before that (which also held `key`), so
// unknown fields are dropped, not refused — and never passed on.
const Bet = z.object({ action: z.literal('bet'), bets: z.unknown() }).strip();
const noRng: Rng = { int: () => { throw new Error('no draw while betting'); } };

export function bettingGame<E extends EngineState>(eng: BettingEngine<E>): SteppedGame<State<E>> {
  const fresh = (engine: E, last: JsonObject | null): State<E> => ({ engine, bettors: {}, staked: {}, open: false, last });

  const actions: ActionSchemas = {
    bet: z.strictObject({ bets: z.array(eng.betSchema).min(1).max(eng.maxBets) }) as z.ZodType<JsonObject>,
    ...(eng.playerResolves ? { [eng.resolve]: z.strictObject({}) } : {}),
  };
  return {
    type: 'stepped',
    game: eng.game,
    rulesVersion: eng.rulesVersion,
    actions,
    init: () => fresh(eng.newRound(), null),
    busy: (s) => s.open,
    publicView: true, // bets and results are public; nothing is dealt face down

    handle(s, input, rng, ctx) {
      const shared = ctx.config.shared;
      const draw = (): Effect[] => [{ type: 'cancel_timer', name: 'close' }, { type: 'continue' }];
      switch (input.type) {
        case 'seated':
        case 'unseated':
          return { ok: true, state: s, events: [], effects: [] };
        case 'timer':
          if (input.name !== 'close' || !s.open) return { ok: true, state: s, events: [], effects: [] };
          return { ok: true, state: s, events: [{ type: 'betting_closed' }], effects: [{ type: 'continue' }] };
        case 'act': {
          if (input.seat === null) return ruleError('not_seated', 'take a seat to bet');
          const action = (input.payload as { action?: unknown }).action;
          if (action === eng.resolve) {
            if (shared || !eng.playerResolves) return ruleError('invalid_action', `this table's ${eng.resolve} happens when betting closes`);
            if (!s.open) return ruleError('invalid_action', `place a bet before the ${eng.resolve}`);
            return { ok: true, state: s, events: [{ type: 'betting_closed' }], effects: draw() };
          }
          const p = parsePayload(Bet, input.payload);
          if (!p.ok) return action === 'bet' ? p : ruleError('invalid_action', `${eng.game} takes "bet"${eng.playerResolves ? ` and "${eng.resolve}"` : ''}`);
          const parsed = eng.parseBets(input.seat, p.value.bets);
          if (!Array.isArray(parsed)) return parsed;
          for (const b of parsed) if (b.amount < ctx.config.minBet) return ruleError('below_min', `each bet must be at least ${ctx.config.minBet}`);
          // The per-spot limit (the hall's configuration): the most one bet of the list may stake.
          const perBet = ctx.config.options['max_per_bet'];
          if (typeof perBet === 'number') for (const b of parsed) if (b.amount > perBet) return ruleError('above_max', `each bet may be at most ${perBet}`);
          const amount = parsed.reduce((t, b) => t + b.amount, 0);
          const total = (s.staked[input.playerId] ?? 0) + amount;
          if (total > ctx.config.maxBet) return ruleError('above_max', `your bets this round would total ${total}, above the table maximum of ${ctx.config.maxBet}`);
          const stepped = eng.step(s.engine, { type: 'bet', seat: input.seat, bets: p.value.bets }, noRng);
          if (!stepped.ok) return stepped;
          const stake = { playerId: input.playerId, amount, bet: { bets: p.value.bets } };
          const effects: Effect[] = [s.open ? { type: 'add_stake', stake } : { type: 'open_round', stakes: [stake] }];
          const events: TableEvent[] = stepped.events.map((e) => ({ ...e, player_id: input.playerId }));
          if (shared && !s.open) {
            effects.push({ type: 'timer', name: 'close', ms: Number(ctx.config.options['betting_ms'] ?? eng.windowMs) });
            events.push({ type: 'betting_open', ms: Number(ctx.config.options['betting_ms'] ?? eng.windowMs) });
          }
          // The journal shows the draw was triggered (replay and recovery read it): betting_closed.
          if (!shared && !eng.playerResolves) {
            effects.push(...draw());
            events.push({ type: 'betting_closed' });
          }
          return {
            ok: true,
            state: { ...s, engine: stepped.state, open: true, bettors: { ...s.bettors, [input.seat]: input.playerId }, staked: { ...s.staked, [input.playerId]: total } },
            events,
            effects,
            reply: { accepted: parsed as unknown as JsonObject[] },
          };
        }
        case 'continue': {
          if (!s.open || rng === null) return ruleError('invalid_action', 'no round to resolve');
          const r = eng.step(s.engine, { type: eng.resolve }, rng);
          if (!r.ok) return r;
          const settled = r.events.find((e) => e.type === 'settled') as unknown as { outcome: JsonObject; results: SeatResult[] };
          const payouts: Record<string, number> = {};
          for (const x of settled.results) {
            const player = s.bettors[x.seat]!;
            payouts[player] = (payouts[player] ?? 0) + x.won;
          }
          return {
            ok: true,
            state: fresh(eng.nextRound(r.state), { ...settled.outcome, payouts }),
            // The engine's own `settled` is replaced by the room's, which names players and the round.
            events: r.events.filter((e) => e.type !== 'settled'),
            effects: [{ type: 'settle', outcome: settled.outcome, payouts }],
            // On a single-player table the one bettor asked for the draw: answer with the result.
            reply: shared ? {} : { ...settled.outcome, win: Object.values(payouts).reduce((a, b) => a + b, 0) },
          };
        }
      }
    },

    view(s) {
      return { phase: s.open ? 'betting' : 'waiting', engine: eng.view(s.engine) as JsonObject, staked: s.staked, last: s.last };
    },
  };
}
