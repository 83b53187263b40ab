// `pitboss bench [scenario...]`: the same harness as `npm run bench` (bench/run.ts),
// so the published numbers and the command users run are one code path.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the load test and peer comparison (scenarios: evaluator, fanout, join-storm, idle, seated, ledger, slots, mixed, mixed-pg; default all; named only: cluster (fanout-nodes, slots-nodes, mixed-nodes), pubsub)')
    .argument('[scenarios...]', 'scenarios to run')
    .option('--quick', 'small sizes for a look (under a minute)', false)
    .option('--tiny', 'the smoke-test sizes (seconds)', false)
    .option('--servers <list>', 'comma-separated: pitboss,ws-raw,socketio,colyseus (default all)')
    .option('--json-out <path>', 'where to write the results JSON (default bench/results/<timestamp>.json)')
    .option('--no-pin', 'do not pin server and load to separate cores with taskset')
    .option('--target <target>', 'Pitboss side of fanout and idle: "bench" (bench rooms) or "tables" (the real server, real table channels)', 'bench')
    .option('--nodes <list>', 'columns of the cluster scenarios: 1 (single server), 1r (one node on Redis), N (N nodes on Redis); default 1,2')
    .action(async (scenarios: string[], opts: { quick: boolean; tiny: boolean; servers?: string; jsonOut?: string; pin: boolean; target: string; nodes?: string }) => {
      const { runBench, parseServers } = await import('../../../bench/run.ts');
      await runBench({
        scenarios, size: opts.tiny ? 'tiny' : opts.quick ? 'quick' : 'full', servers: parseServers(opts.servers), pin: opts.pin,
        jsonOut: opts.jsonOut, target: opts.target === 'tables' ? 'tables' : 'bench', nodes: opts.nodes,
      });
    });
}
