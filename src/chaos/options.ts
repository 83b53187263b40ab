// `pitboss chaos` options, checked before anything starts.
import { z } from 'zod';

/** "30s", "2m", "1500ms", "10m"; a bare number is seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) throw new Error(`not a duration: "${text}" (e.g. 30s, 2m, 1500ms)`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000;
  return Math.round(n * unit);
}

const Options = z.object({
  durationMs: z.number().int().min(1000).max(24 * 3_600_000),
  nodes: z.number().int().min(2).max(16),
  bots: z.number().int().min(1).max(500),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  /** Pause between two faults, drawn uniformly in [min, max] ms. */
  gapMs: z.tuple([z.number().int().min(100), z.number().int().min(100)]).refine(([a, b]) => a <= b, 'the smaller gap first'),
  kinds: z.array(z.enum(['sigkill', 'sigterm', 'redis_drop', 'table_crash'])).min(1),
  leaseMs: z.number().int().min(300).max(30_000),
  /** Attach to a running `pitboss start --nodes N` group by its primary's pid (else start one). */
  attach: z.number().int().positive().optional(),
  /** The attached group's URL (its shared port). */
  url: z.url().optional(),
  keepDatabase: z.boolean(),
});
export type ChaosOptions = z.infer<typeof Options>;
export type FaultKind = ChaosOptions['kinds'][number];
export const FAULT_KINDS: readonly FaultKind[] = ['sigkill', 'sigterm', 'redis_drop', 'table_crash'];

export interface RawOptions {
  duration: string;
  nodes: string;
  bots: string;
  seed?: string;
  gap: string;
  faults: string;
  leaseMs: string;
  attach?: string;
  url?: string;
  keepDb?: boolean;
}

export function parseOptions(o: RawOptions): ChaosOptions {
  const gap = o.gap.split('-').map(parseDuration);
  const parsed = Options.safeParse({
    durationMs: parseDuration(o.duration), nodes: Number(o.nodes), bots: Number(o.bots),
    seed: o.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(o.seed),
    gapMs: gap.length === 1 ? [gap[0], gap[0]] : gap, kinds: o.faults.split(',').map((k) => k.trim()).filter(Boolean),
    leaseMs: Number(o.leaseMs),
    ...(o.attach !== undefined ? { attach: Number(o.attach) } : {}), ...(o.url !== undefined ? { url: o.url } : {}),
    keepDatabase: o.keepDb === true,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  if (parsed.data.attach !== undefined && parsed.data.url === undefined) throw new Error('--attach needs --url (the group\'s address)');
  return parsed.data;
}

/** A small seeded generator (mulberry32): the same seed draws the same faults at the same gaps. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
