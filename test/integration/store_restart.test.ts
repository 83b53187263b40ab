// The embedded database's thread dies (a WASM trap, an out-of-memory kill of the worker):
// the ledger process stops with the error, the tree restarts it with a new store on the
// same data folder, and the server serves again — nothing written before is lost.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startTestServer, newGuest } from './helpers.ts';
import type { RunningServer } from '../../src/main.ts';

// Two threads can die: the ledger's own (it runs the ledger and opens the store), and, with
// the ledger on the main thread (PITBOSS_LEDGER_THREAD=off), the embedded database's.
describe('the ledger thread or the embedded database thread dies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pitboss-store-restart-'));
  let server: RunningServer | undefined;
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const which of ['ledger', 'database'] as const) {
  it(`${which} thread: restarts the ledger with a new store on the same data, and the server serves again`, async () => {
    await server?.stop();
    server = await startTestServer({ DATABASE_URL: '', PITBOSS_DATA_DIR: dir, PITBOSS_LEDGER_THREAD: which === 'ledger' ? 'on' : 'off' });
    const alice = await newGuest(server.url, 'alice');
    const before = server.services.ledger!;
    if (which === 'ledger') {
      assert.ok(server.services.ledgerThread, 'the ledger runs on its own thread');
      await server.services.ledgerThread.worker.terminate();
    } else {
      assert.equal(server.services.ledgerThread, undefined);
      assert.equal(before.store.kind, 'pglite');
      await (before.store as unknown as { worker: Worker }).worker.terminate();
    }
    const deadline = Date.now() + 20_000;
    while ((server.services.ledger === before || server.services.ledger === undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const now = server.services.ledger!;
    assert.notEqual(now, before, 'a new ledger, on a new store');
    assert.equal(await now.wallet.playerBalance(alice.player_id, 'PLAY'), alice.balance, 'the new store reads what the old one wrote');
    // The edge was restarted after the ledger (rest_for_one) — on a new ephemeral port, as the test asked for port 0.
    const url = () => {
      const a = server!.services.http?.server.address();
      return a && typeof a === 'object' ? `http://127.0.0.1:${a.port}` : server!.url;
    };
    let bob: Awaited<ReturnType<typeof newGuest>> | null = null;
    let lastErr: unknown = null;
    while (bob === null && Date.now() < deadline) bob = await newGuest(url(), 'bob').catch((e: unknown) => { lastErr = e; return null; });
    assert.ok(bob, `the server signs guests up again (last: ${String(lastErr)})`);
    const me = await fetch(`${url()}/api/me`, { headers: { authorization: `Bearer ${alice.token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { balance: number }).balance, alice.balance, 'what was written before the crash is still there');
  });
  }
});
