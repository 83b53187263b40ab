// The must-show of the hall (issue 12): a terminal that goes offline, records three
// cash-ins and reconnects has them credited exactly once. End to end: a real server, the
// real terminal client over the official phoenix client, the network taken away by a
// proxy in between, the outbox in a file across a restart of the cabinet, and the
// resend of the same three events afterwards crediting nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../src/main.ts';
import { creditAccount, dropAccount } from '../../src/casino/index.ts';
import { FileStorage, MemoryStorage, type OutboxEntry } from '../../src/terminal/node.ts';
import { startTestServer, waitFor } from '../integration/helpers.ts';
import { startProxy, terminalClient, type Proxy } from './support.ts';

describe('a terminal that loses its connection', () => {
  let server: RunningServer;
  let proxy: Proxy;
  let secret: string;
  const dir = mkdtempSync(join(tmpdir(), 'pitboss-terminal-'));
  const outboxFile = join(dir, 'outbox.json');

  before(async () => {
    server = await startTestServer();
    proxy = await startProxy(server.port);
    ({ secret } = await server.services.terminals.directory!.add('cab-7', { location: 'row 3', currency: 'PLAY' }));
  });
  after(async () => {
    await proxy.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const credit = () => server.services.ledger!.wallet.balance(creditAccount('cab-7', 'PLAY'));
  const transactions = async () => (await server.services.ledger!.check()).transactions;

  it('records three cash-ins offline, survives a restart of the cabinet, and has them credited exactly once on reconnect', async () => {
    const monitor = server.services.terminals.monitor;
    // The cabinet's clock says its cash-ins happened 20 s before they can arrive: they will be shown late.
    const recordedAt = Date.now() - 20_000;
    const first = terminalClient(proxy.port, { terminalId: 'cab-7', secret, storage: new FileStorage(outboxFile), now: () => recordedAt });
    await first.start();
    await waitFor('the terminal joins', () => first.connected);
    assert.equal(monitor.status('cab-7'), 'online');

    proxy.offline();
    await waitFor('the terminal sees the connection gone', () => !first.connected);
    await waitFor('the server sees the terminal gone', () => monitor.status('cab-7') === 'offline');

    for (const amount of [500, 2000, 10_000]) await first.cashIn(amount);
    assert.deepEqual(first.pending().map((e) => e.payload['amount']), [500, 2000, 10_000]);
    assert.equal(await credit(), 0, 'nothing is credited while the terminal is offline');

    // The cabinet restarts while still offline: its outbox is read back from the file.
    first.stop();
    const delivered: Array<{ entry: OutboxEntry; reply: Record<string, unknown> }> = [];
    const second = terminalClient(proxy.port, {
      terminalId: 'cab-7', secret, storage: new FileStorage(outboxFile),
      onDelivered: (entry, reply) => delivered.push({ entry, reply }),
    });
    await second.start();
    assert.equal(second.pending().length, 3, 'the outbox came back from its file');

    const before = await transactions();
    proxy.online();
    await second.drained();
    assert.equal(await credit(), 12_500);
    assert.equal(await transactions(), before + 3, 'one ledger transaction per cash-in');
    assert.deepEqual(delivered.map((d) => [d.entry.payload['amount'], d.reply['replayed']]), [[500, false], [2000, false], [10_000, false]]);
    assert.deepEqual(delivered.map((d) => d.reply['credit']), [500, 2500, 12_500], 'delivered in the order they were recorded');
    assert.equal(await server.services.ledger!.wallet.balance(dropAccount('cab-7', 'PLAY')), -12_500, 'the stacker holds the cash');
    const check = await server.services.ledger!.check();
    assert.equal(check.sum, 0);
    assert.ok(check.ok, JSON.stringify(check));

    // The monitor counted them and shows them as late, with their keys.
    assert.equal(monitor.view('cab-7')!.delivered, 3);
    assert.deepEqual(monitor.late({ terminalId: 'cab-7' }).map((l) => l.key).sort(), delivered.map((d) => d.entry.payload.key).sort());
    assert.ok(monitor.late({ terminalId: 'cab-7' }).every((l) => l.delay_ms >= 20_000));
    second.stop();

    // The same three events sent again (a cabinet whose reply was lost, or a copy of its
    // outbox): answered as the first time, and nothing moves.
    const copy = new MemoryStorage();
    await copy.save({ next: 4, pending: delivered.map((d) => d.entry), rejected: [] });
    const replies: Array<Record<string, unknown>> = [];
    const third = terminalClient(proxy.port, { terminalId: 'cab-7', secret, storage: copy, onDelivered: (_e, r) => replies.push(r) });
    await third.start();
    await third.drained();
    third.stop();
    assert.deepEqual(replies.map((r) => r['replayed']), [true, true, true]);
    assert.equal(await credit(), 12_500, 'a resend credits nothing');
    assert.equal(await transactions(), before + 3);
    assert.equal(monitor.view('cab-7')!.delivered, 3, 'a resend is not a second delivery');
    assert.equal((await server.services.ledger!.check()).sum, 0);
  });

  it('delivers a cash-in whose reply was lost with the connection once: the resend after the rejoin is the same event', async () => {
    const c = terminalClient(proxy.port, { terminalId: 'cab-7', secret });
    await c.start();
    await waitFor('joined', () => c.connected);
    const was = await credit();
    // Sent, then the network goes before the answer can come back (the server may or may not have it).
    const recorded = c.cashIn(300);
    proxy.offline();
    await recorded;
    await waitFor('disconnected', () => !c.connected);
    proxy.online();
    await c.drained();
    c.stop();
    assert.equal(await credit(), was + 300);
    assert.equal((await server.services.ledger!.check()).sum, 0);
  });
});
