// Scenarios that need the casino tables (#5): `slots` (spins settled through the
// ledger, on PGlite and PostgreSQL) and `mixed` (every game at once). They stay
// in the list so a run says plainly that they were not measured, rather than
// leaving them out silently. When tables land, each becomes a fanout-like
// scenario against `bench/servers/pitboss.ts --target tables`.
import type { ScenarioResult } from '../harness/report.ts';
import type { Scenario } from './context.ts';

function pending(name: string, summary: string): Scenario {
  return {
    name,
    summary,
    steps: () => 0,
    async run(): Promise<ScenarioResult> {
      return { scenario: name, params: {}, metrics: [], values: {}, detail: { runnable: false }, notes: [`not yet runnable: needs #5 (casino tables); ${summary}`] };
    },
  };
}

export const slots = pending('slots', 'spins settled through the ledger, PGlite and PostgreSQL');
export const mixed = pending('mixed', 'all games at once');
