// Every scenario, in the order a full run goes through them.
import type { Scenario } from './context.ts';
import { idle } from './idle.ts';
import { fanout } from './fanout.ts';
import { joinStorm } from './join-storm.ts';
import { evaluator } from './evaluator.ts';
import { ledger } from './ledger.ts';
import { slots } from './slots.ts';
import { seated } from './seated.ts';
import { mixed, mixedPg } from './mixed.ts';

export const SCENARIOS: Scenario[] = [evaluator, fanout, joinStorm, idle, seated, ledger, slots, mixed, mixedPg];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
