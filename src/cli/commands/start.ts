// `pitboss start`: one node on the configured (by default embedded) services. SIGTERM or
// SIGINT drains: in cluster mode the node first hands its tables over to the other nodes
// between rounds (docs/cluster.md; `pitboss drain` asks the same over Redis), then closes
// sockets in batches with close code 1012 so clients reconnect elsewhere, then stops the
// supervision tree in reverse order and exits. `--nodes N`: N such nodes as one
// cluster on this machine (../node_group.ts).
import type { Command } from 'commander';
import { loadConfig, ConfigError } from '../../config.ts';

export function register(program: Command): void {
  program
    .command('start')
    .description('start a Pitboss node (embedded PGlite under ./data unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 4000)')
    .option('--host <host>', 'address to bind (env HOST, default 0.0.0.0)')
    .option('--nodes <n>', 'run N node processes sharing the port (a cluster on one machine: needs REDIS_URL and a PostgreSQL DATABASE_URL)', '1')
    .option('--max-restarts <n>', 'with --nodes: node restarts allowed within 60 s before the group stops (pitboss chaos raises it)', '5')
    .action(async (opts: { port?: string; host?: string; nodes: string; maxRestarts: string }) => {
      let config;
      try {
        config = loadConfig({ ...process.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
      } catch (err) {
        if (err instanceof ConfigError) {
          console.error(err.message);
          process.exit(2);
        }
        throw err;
      }
      const nodes = Number(opts.nodes);
      const { groupRefusal, isGroupNode, runGroup } = await import('../node_group.ts');
      const refusal = groupRefusal(config, nodes);
      if (refusal !== null) {
        console.error(refusal);
        process.exit(2);
      }
      const maxRestarts = Number(opts.maxRestarts);
      if (!Number.isInteger(maxRestarts) || maxRestarts < 0) {
        console.error('--max-restarts must be a whole number');
        process.exit(2);
      }
      if (nodes > 1 && !isGroupNode()) process.exit(await runGroup({ nodes, config, maxRestarts }));
      const { startServer } = await import('../../main.ts');
      const { createLogger } = await import('../../ops/logger.ts');
      const { INSTALL_ROOT, checkInstallAtStart } = await import('../../ops/install_manifest.ts');
      // Checked by each node of a group too: every process runs the files it loads.
      if (!checkInstallAtStart(INSTALL_ROOT, config.verifyInstall, createLogger(config.logLevel, config.nodeId), config.installDigest)) {
        console.error('the install does not match its manifest (PITBOSS_VERIFY_INSTALL=enforce): not starting; run `pitboss verify-install` for the list');
        process.exit(3);
      }
      let drainRequested = (): void => {};
      const server = await startServer(config, { onDrainRequest: () => drainRequested() });
      const log = server.services.log;
      const db = config.database.kind === 'postgres' ? 'PostgreSQL' : config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PGlite in memory';
      log.info({ port: server.port, database: config.database.kind }, 'pitboss started');
      // Fault drills only (pitboss chaos): SIGUSR2 crashes one of this node's tables. Off unless set at start.
      if (process.env['PITBOSS_CHAOS_HOOKS'] === '1') {
        const { installTableCrashHook } = await import('../../chaos/table_crash_hook.ts');
        installTableCrashHook(() => server.services.tables, log);
        log.warn({}, 'PITBOSS_CHAOS_HOOKS=1: SIGUSR2 crashes a table of this node');
      }
      // In a group the primary says when every node is up.
      if (!isGroupNode()) process.stderr.write(`\nPitboss is up on http://localhost:${server.port}  (database: ${db})\n\n`);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) process.exit(1); // a second signal: stop now
        stopping = true;
        log.info({ signal }, 'draining');
        server.stop({ drain: true }).then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      // A repeated `pitboss drain` is the same request (unlike a second signal, which means "stop now").
      drainRequested = () => void (stopping || shutdown('pitboss drain'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    });
}
