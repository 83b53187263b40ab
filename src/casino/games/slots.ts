// Slots at a table: `spin {bet}` stakes the bet, then (money first) plays the round —
// the base spin and its whole free-spin feature — records and settles it in one go.
import { z } from 'zod';
import { machineFromOption, playRound, spinReply, type Machine } from '../../games/slots/index.ts';
import { ruleError } from '../../games/types.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { TableGame } from '../tables/types.ts';
import { Amount } from '../tables/actions.ts';
import { checkStake } from './limits.ts';
import { parsePayload } from './parse.ts';

type SlotsState =
  | { tag: 'idle'; machine: Machine; last: JsonObject | null }
  | { tag: 'staked'; machine: Machine; last: JsonObject | null; playerId: string; bet: number };

const Spin = z.object({ action: z.literal('spin'), bet: z.unknown() }).passthrough();

export const slotsGame: TableGame<SlotsState> = {
  game: 'slots',
  rulesVersion: 'slots-1',
  instant: true,
  actions: { spin: z.strictObject({ bet: Amount }) },

  init(config) {
    return { tag: 'idle', machine: machineFromOption(config.options['machine']), last: null };
  },

  handle(state, input, rng, ctx) {
    switch (input.type) {
      case 'seated':
      case 'unseated':
      case 'timer':
        return { ok: true, state, events: [], effects: [] };
      case 'act': {
        if (input.seat === null) return ruleError('not_seated', 'take the seat to play this machine');
        const p = parsePayload(Spin, input.payload);
        if (!p.ok) return p;
        if (state.tag !== 'idle') return ruleError('invalid_action', 'a spin is in progress');
        const bad = checkStake(p.value.bet, ctx.config, 'bet');
        if (bad) return bad;
        const bet = p.value.bet as number;
        const lines = state.machine.paylines.length;
        if (bet % lines !== 0) return ruleError('invalid_payload', `the bet must be a multiple of the ${lines} paylines`);
        return {
          ok: true,
          state: { ...state, tag: 'staked', playerId: input.playerId, bet },
          events: [],
          effects: [{ type: 'open_round', stakes: [{ playerId: input.playerId, amount: bet, bet: { spin: bet, machine: state.machine.id } }] }, { type: 'continue' }],
        };
      }
      case 'continue': {
        if (state.tag !== 'staked' || rng === null) return ruleError('invalid_action', 'nothing to spin');
        const played = playRound(state.machine, state.bet, rng);
        if (!played.ok) return played;
        const reply = spinReply(played.state) as unknown as JsonObject;
        return {
          ok: true,
          state: { tag: 'idle', machine: state.machine, last: reply },
          events: [{ type: 'spin', player_id: state.playerId, bet: state.bet, window: reply['window'], win: reply['win'], free_spins: reply['free_spins'] }],
          effects: [{ type: 'settle', outcome: reply, payouts: { [state.playerId]: played.state.win } }],
          reply,
        };
      }
    }
  },

  view(state) {
    const m = state.machine;
    return {
      machine: { id: m.id, name: m.name, rows: m.rows, reels: m.strips.length, paylines: m.paylines, symbols: m.symbols },
      last: state.last,
      spinning: state.tag === 'staked',
    };
  },

  busy: (state) => state.tag !== 'idle',
};
