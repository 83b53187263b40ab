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
import { CLUSTER_GROUP, fanoutNodes, mixedNodes, slotsNodes } from './nodes.ts';
import { pubsub } from './pubsub.ts';

export const SCENARIOS: Scenario[] = [evaluator, fanout, joinStorm, idle, seated, ledger, slots, mixed, mixedPg];

/**
 * Run only when named: they need Redis (and PostgreSQL), and they are the cluster's
 * figures, not the single server's (`npm run bench -- cluster pubsub`).
 */
export const CLUSTER_SCENARIOS: Scenario[] = [fanoutNodes, slotsNodes, mixedNodes, pubsub];

/** Names that stand for several scenarios on the command line. */
export const GROUPS: Record<string, string[]> = { cluster: CLUSTER_GROUP };

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name) ?? CLUSTER_SCENARIOS.find((s) => s.name === name);
}

/** Command-line names with groups expanded, in the order given. */
export function expandNames(names: string[]): string[] {
  return names.flatMap((n) => GROUPS[n] ?? [n]);
}
