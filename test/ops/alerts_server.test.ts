// The alert loop inside a running server: its sources are the real ones (the process's
// memory, the ledger's open rounds), its webhook a local receiver.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, waitFor } from '../integration/helpers.ts';
import type { RunningServer } from '../../src/main.ts';

describe('alerts in a running server', () => {
  const got: any[] = [];
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => { got.push(JSON.parse(raw)); res.end('ok'); });
  });
  let server: RunningServer | undefined;
  after(async () => {
    await server?.stop();
    await new Promise((r) => receiver.close(r));
  });

  it('memory over its threshold fires once; a round open too long fires, and resolves when it settles', async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
    server = await startTestServer({
      PITBOSS_ALERT_WEBHOOK_URL: url, PITBOSS_ALERT_INTERVAL_MS: '200', PITBOSS_ALERT_MEMORY_MB: '16', PITBOSS_ALERT_ROUND_STUCK_MS: '1000',
    });
    const ledger = server.services.ledger!;
    await ledger.wallet.deposit({ player: 'stuck-p', currency: 'EUR', amount: 500, key: 'stuck-dep' });
    // A round no table is finishing (its table does not exist).
    await ledger.rounds.open({ roundId: 'stuck-r1', game: 'roulette', tableId: 'no-such-table', rulesVersion: '1', currency: 'EUR',
      seeds: { serverSeed: 'a'.repeat(64), clientSeed: 'c', nonce: 0 }, stakes: [{ player: 'stuck-p', amount: 100 }] });
    await waitFor('the stuck round alert', () => got.some((g) => g.alert.key === 'round_stuck:stuck-r1'), 15_000);
    const memory = got.filter((g) => g.alert.key === 'memory_high');
    assert.equal(memory.length, 1, 'memory_high once, however many checks saw it');
    assert.equal(memory[0].kind, 'fired');
    assert.equal(memory[0].alert.severity, 'warning');
    assert.deepEqual(server.services.alerts!.active().map((a) => a.key).sort(), ['memory_high', 'round_stuck:stuck-r1']);

    await ledger.rounds.settle('stuck-r1', { outcome: {}, payouts: { 'stuck-p': 0 } });
    await waitFor('the stuck round resolved', () => got.some((g) => g.alert.key === 'round_stuck:stuck-r1' && g.kind === 'resolved'), 15_000);
    assert.equal(got.filter((g) => g.alert.key === 'round_stuck:stuck-r1').length, 2);
    assert.equal(got.filter((g) => g.alert.key === 'memory_high').length, 1);
  });
});
