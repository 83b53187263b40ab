// The one fault `pitboss chaos` cannot inject from outside a node: a table process dying
// (a bug in a game, say) while the node lives. With PITBOSS_CHAOS_HOOKS=1 a node kills one
// of its live tables, picked at random, each time it receives SIGUSR2; its supervisor
// restarts it, and the restart completes the interrupted round from the journal, as after
// any crash.
//
// Why a signal and not an admin route: a signal can only be sent by the node's own OS user
// (or root) — who can SIGKILL the whole node anyway — so it adds no network surface and
// nothing to authenticate or audit; and it is off unless the variable is set at start. A
// route would make "destroy a table's process" a standing capability of the admin API for
// a need no operator has outside fault drills.
import { exit } from '../runtime/index.ts';
import type { TableManager } from '../casino/index.ts';

export interface CrashLog {
  warn(obj: object, msg: string): void;
}

/** Installs the SIGUSR2 handler (`tables`: the current manager, which a restart of the tables subtree replaces); returns its removal. */
export function installTableCrashHook(current: () => TableManager | undefined, log: CrashLog): () => void {
  const onSignal = () => {
    const tables = current();
    if (tables === undefined) return log.warn({}, 'chaos: SIGUSR2 but no tables running');
    void tables.list().then((rows) => {
      const live = rows.map((r) => String(r['id'])).filter((id) => tables.lookup(id) !== undefined);
      if (live.length === 0) {
        process.stderr.write('chaos: no table to crash\n');
        return log.warn({}, 'chaos: SIGUSR2 but no live table to crash');
      }
      const id = live[Math.floor(Math.random() * live.length)]!;
      log.warn({ table: id }, 'chaos: crashing a table on SIGUSR2 (PITBOSS_CHAOS_HOOKS=1)');
      process.stderr.write(`chaos: crashing table ${id}\n`); // for the drill reading this node's stderr (the log may go elsewhere)
      exit(tables.lookup(id)!, 'kill');
    });
  };
  process.on('SIGUSR2', onSignal);
  return () => process.off('SIGUSR2', onSignal);
}
