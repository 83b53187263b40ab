// `pitboss chaos`: a fault drill for a cluster — a node group under the benchmark's mixed
// load while nodes are killed, drained, cut off from Redis and tables crashed; then a
// report and the money checks (exit 1 unless they pass). src/chaos/run.ts has the steps,
// docs/operations.md ("Chaos") how to run it.
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';

export function register(program: Command): void {
  program
    .command('chaos')
    .description('fault drill: a node group under mixed load while nodes are killed, drained, cut off from Redis and tables crashed; report and money checks')
    .option('--duration <d>', 'how long faults are injected (30s, 2m, 10m)', '30s')
    .option('--nodes <n>', 'node processes in the group it starts', '3')
    .option('--bots <n>', 'bots per game (hold\'em at least 3)', '4')
    .option('--seed <n>', 'seed of the fault schedule (default: random, printed)')
    .option('--gap <d-d>', 'pause between two faults, drawn in this range', '3s-6s')
    .option('--faults <kinds>', 'fault kinds to draw from', 'sigkill,sigterm,redis_drop,table_crash')
    .option('--lease-ms <ms>', 'the group\'s lease (PITBOSS_LEASE_MS) when it starts one', '1000')
    .option('--port <port>', 'port of the group it starts (0: any free one)', '0')
    .option('--attach <pid>', 'work on a running `pitboss start --nodes N` group, by its primary\'s pid (needs --url, DATABASE_URL, REDIS_URL, PITBOSS_REDIS_PREFIX)')
    .option('--url <url>', 'the attached group\'s address, e.g. http://127.0.0.1:4000')
    .option('--admin-db <url>', 'where to create the scratch database when DATABASE_URL is unset', 'postgres://postgres@127.0.0.1:5432/postgres')
    .option('--keep-db', 'keep the scratch database afterwards')
    .action(async (raw: { duration: string; nodes: string; bots: string; seed?: string; gap: string; faults: string; leaseMs: string; port: string; attach?: string; url?: string; adminDb: string; keepDb?: boolean }) => {
      const { parseOptions } = await import('../../chaos/options.ts');
      let o;
      try {
        o = parseOptions(raw);
      } catch (err) {
        console.error((err as Error).message);
        process.exit(2);
      }
      const { runChaos } = await import('../../chaos/run.ts');
      const { chaosLoad } = await import('../../../bench/load/chaos-load.ts');
      const env = process.env;
      try {
        const { lines, ok } = await runChaos(o, {
          cliMain: fileURLToPath(new URL('../main.ts', import.meta.url)),
          redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
          ...(o.attach !== undefined ? { redisPrefix: env['PITBOSS_REDIS_PREFIX'] ?? 'pitboss:' } : {}),
          ...(env['DATABASE_URL'] ? { databaseUrl: env['DATABASE_URL'] } : {}),
          adminDatabaseUrl: raw.adminDb, port: Number(raw.port), env,
        }, chaosLoad());
        process.stdout.write(lines.join('\n') + '\n');
        process.exit(ok ? 0 : 1);
      } catch (err) {
        console.error(`chaos: ${(err as Error).stack ?? String(err)}`);
        process.exit(1);
      }
    });
}
