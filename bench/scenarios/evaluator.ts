// evaluator: random 7-card evaluations per second — Pitboss's table-driven
// evaluate7 against the npm packages pokersolver and phe, on the same seeded
// hands, in a process pinned to the server core. Also reports how often each
// peer agrees with Pitboss on which of two hands wins (should be every time).
import type { ScenarioResult } from '../harness/report.ts';
import { placement, runScript } from '../harness/processes.ts';
import { bySize, type Scenario } from './context.ts';

interface Out {
  results: Record<string, { evals: number; ms: number; perSec: number }>;
  agreement: { phe: number; pokersolver: number; pairs: number };
}

export const evaluator: Scenario = {
  name: 'evaluator',
  summary: '7-card evaluations/s: Pitboss vs pokersolver vs phe',
  steps: () => 1,
  async run(ctx) {
    const hands = bySize(ctx, { tiny: 4096, quick: 65_536, full: 262_144 });
    const minMs = bySize(ctx, { tiny: 50, quick: 300, full: 3000 });
    ctx.progress.phase(`evaluator: ${hands.toLocaleString('en-US')} hands, ≥ ${minMs} ms each`);
    const out = JSON.parse(await runScript('evaluator/worker.ts', [String(hands), String(minMs)], placement(ctx.pin).server)) as Out;
    ctx.progress.tick();
    const values: ScenarioResult['values'] = {};
    for (const [name, r] of Object.entries(out.results)) values[name] = { perSec: r.perSec };
    const notes: string[] = [];
    const a = out.agreement;
    if (a.phe !== a.pairs || a.pokersolver !== a.pairs) notes.push(`winner disagreement on ${a.pairs} pairs: phe agrees ${a.phe}, pokersolver ${a.pokersolver}`);
    else notes.push(`all three agree on the winner of ${a.pairs} random hand pairs`);
    return {
      scenario: 'evaluator', params: { hands, minMsPerLibrary: minMs, seed: '0x5eed' }, values, detail: { ...out }, notes,
      metrics: [
        { key: 'perSec', label: '7-card evaluations/s', better: 'higher' },
      ],
    };
  },
};
