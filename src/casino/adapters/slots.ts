// Slots at a table: `spin {bet}` names the stake; once the room has the round's seeds,
// the draw plays the whole round — the base spin and its free-spin feature — and the room
// stakes, journals and settles it in one ledger unit (an instant game: tables/types.ts).
import { z } from 'zod';
import { machineFromOption, playRound, spinReply, type Machine } from '../../games/slots/index.ts';
import { ruleError } from '../../games/types.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { InstantGame } from '../tables/types.ts';
import { Amount } from '../tables/actions.ts';
import { checkStake } from './limits.ts';
import { parsePayload } from './parse.ts';

/** The machine and the last spin's answer. A spin is played whole, so none is ever under way between messages. */
type SlotsState = { machine: Machine; last: JsonObject | null };

// Not a boundary: the table channel parsed this action strictly (tables/actions.ts). This
// reads the parsed action or a journal written before that (which also held `key`), so
// unknown fields are dropped, not refused — and never passed on.
const Spin = z.object({ action: z.literal('spin'), bet: z.unknown() }).strip();

export const slotsGame: InstantGame<SlotsState> = {
  type: 'instant',
  game: 'slots',
  rulesVersion: 'slots-1',
  actions: { spin: z.strictObject({ bet: Amount }) },
  publicView: true,

  init(config) {
    return { machine: machineFromOption(config.options['machine']), last: null };
  },

  // A paytable changed by the hall's configuration: the next spin is played on it.
  reconfigure(state, config) {
    const machine = machineFromOption(config.options['machine']);
    return machine === state.machine ? state : { machine, last: state.last };
  },

  play(state, act, ctx) {
    if (act.seat === null) return ruleError('not_seated', 'take the seat to play this machine');
    const p = parsePayload(Spin, act.payload);
    if (!p.ok) return p;
    const bad = checkStake(p.value.bet, ctx.config, 'bet');
    if (bad) return bad;
    const bet = p.value.bet as number;
    const lines = state.machine.paylines.length;
    if (bet % lines !== 0) return ruleError('invalid_payload', `the bet must be a multiple of the ${lines} paylines`);
    return {
      ok: true,
      stake: { amount: bet, bet: { spin: bet, machine: state.machine.id } },
      draw(rng) {
        const played = playRound(state.machine, bet, rng);
        if (!played.ok) return played;
        const reply = spinReply(played.state) as unknown as JsonObject;
        return {
          ok: true,
          state: { machine: state.machine, last: reply },
          events: [{ type: 'spin', player_id: act.playerId, bet, window: reply['window'], win: reply['win'], free_spins: reply['free_spins'] }],
          outcome: reply,
          payout: played.state.win,
          reply,
        };
      },
    };
  },

  view(state) {
    const m = state.machine;
    return {
      machine: { id: m.id, name: m.name, rows: m.rows, reels: m.strips.length, paylines: m.paylines, symbols: m.symbols },
      last: state.last,
      spinning: false, // the client contract keeps the field; see SlotsState
    };
  },

  busy: () => false,
};
