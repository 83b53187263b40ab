// Crash safety: a server process is SIGKILLed at random moments while it plays, then
// restarted; its start-up recovery must resolve every open round, money must be
// conserved, no balance negative, the audit chain intact and every affected player told.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/config.ts';
import { openStore } from '../../src/store/open.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { diceReplayers } from '../fixtures/dice.ts';
import { BACKENDS, PG_URL, createSchema, dropSchema } from '../store/backends.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/crash-player.ts', import.meta.url));
const KILLS = 3;
const PLAYERS = 12;

function start(args: object): { lines: string[]; waitFor: (s: string) => Promise<void>; kill: () => Promise<number | null>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [FIXTURE, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: { s: string; resolve: () => void }[] = [];
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of waiters) if (line.startsWith(w.s)) w.resolve();
    }
  });
  return {
    lines,
    exit,
    waitFor: (s) => new Promise<void>((resolve, reject) => {
      if (lines.some((l) => l.startsWith(s))) return resolve();
      waiters.push({ s, resolve });
      void exit.then((code) => reject(new Error(`child exited (${code}) before printing "${s}"; output: ${lines.join(' | ')}`)));
    }),
    kill: async () => {
      child.kill('SIGKILL');
      return exit;
    },
  };
}

describe('Crash recovery', () => {
  for (const backend of BACKENDS) {
    it(`${backend === 'postgres' ? 'postgres' : 'pglite (on disk)'}: SIGKILL at random points, restart, everything resolved and conserved`, { timeout: 300_000 }, async () => {
      let database: Database;
      let schema: string | undefined;
      if (backend === 'postgres') {
        schema = await createSchema();
        database = { kind: 'postgres', url: PG_URL };
        after(() => dropSchema(schema!));
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'pb-crash-'));
        database = { kind: 'pglite', dataDir: dir };
        after(() => rmSync(dir, { recursive: true, force: true }));
      }
      const args = { database, schema, players: PLAYERS, tables: 4 };
      let recoveredTotal = 0;
      for (let k = 0; k < KILLS; k++) {
        const child = start(args);
        await child.waitFor('playing');
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 700));
        const code = await child.kill();
        assert.equal(code, null, 'killed by the signal, not exited on its own');
        recoveredTotal += Number(child.lines.find((l) => l.startsWith('recovered'))!.split(' ')[1]);
      }
      const last = start({ ...args, recoverOnly: true });
      assert.equal(await last.exit, 0);
      recoveredTotal += Number(last.lines.find((l) => l.startsWith('recovered'))!.split(' ')[1]);
      assert.ok(recoveredTotal > 0, 'some kill interrupted a round (otherwise the test proved nothing)');

      const store = await openStore(database, { schema });
      try {
        const ledger = new Ledger(store, { replayers: diceReplayers() });
        const check = await ledger.check();
        assert.equal(check.open_rounds, 0);
        assert.equal(check.ok, true, JSON.stringify(check));
        assert.equal(check.sum, 0);
        assert.equal(check.negative_balances, 0);
        const [money] = await store.query<{ inside: number; deposits: number; escrow: number }>(`SELECT
          (SELECT sum(balance) FROM accounts WHERE kind <> 'external')::bigint AS inside,
          (SELECT sum(amount) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id WHERE t.kind = 'deposit' AND e.amount > 0)::bigint AS deposits,
          (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'escrow')::bigint AS escrow`);
        assert.equal(money.inside, money.deposits, 'money in the system equals money deposited');
        assert.equal(money.deposits, PLAYERS * 100_000);
        assert.equal(money.escrow, 0);
        const audit = await ledger.verifyAudit();
        assert.equal(audit.ok, true, JSON.stringify(audit.problems));
        // Every player of every recovered round has a round_resolved notice for it, and each recovery is audited.
        const missing = await store.query(`SELECT s.round_id, s.player_id FROM round_stakes s JOIN rounds r ON r.id = s.round_id
          WHERE r.resolution <> 'normal' AND NOT EXISTS (SELECT 1 FROM notifications n
            WHERE n.player_id = s.player_id AND n.kind = 'round_resolved' AND n.body->>'roundId' = s.round_id)`);
        assert.deepEqual(missing, []);
        const [counts] = await store.query<{ resolved: number; audited: number }>(`SELECT
          (SELECT count(*) FROM rounds WHERE resolution <> 'normal')::bigint AS resolved,
          (SELECT count(*) FROM audit_log WHERE action = 'round_resolved')::bigint AS audited`);
        assert.equal(counts.resolved, recoveredTotal);
        assert.equal(counts.audited, recoveredTotal);
        // Completed rounds replay to their recorded outcome.
        const completed = await store.query<{ id: string }>("SELECT id FROM rounds WHERE resolution = 'completed' LIMIT 5");
        for (const { id } of completed) assert.equal((await ledger.rounds.replay(id))!.ok, true, id);
      } finally {
        await store.close();
      }
    });
  }
});
