// Scenarios not written yet: `mixed` (every game at once). Tables for slots,
// roulette, baccarat and blackjack landed during this work, but a load driver
// for betting windows and blackjack turns does not exist yet. It stays in the
// list so a run says plainly that it was not measured, rather than leaving it
// out silently.
import type { ScenarioResult } from '../harness/report.ts';
import type { Scenario } from './context.ts';

function pending(name: string, summary: string): Scenario {
  return {
    name,
    summary,
    steps: () => 0,
    async run(): Promise<ScenarioResult> {
      return { scenario: name, params: {}, metrics: [], values: {}, detail: { runnable: false }, notes: [`not yet runnable: ${summary}`] };
    },
  };
}

export const mixed = pending('mixed', 'all games at once — needs a load driver for betting windows and blackjack turns (#5 tables landed late)');
