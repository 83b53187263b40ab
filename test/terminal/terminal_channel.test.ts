// The terminal endpoint and `terminal:<id>` through the official phoenix client: who may
// connect and join, what each event answers, and the precise refusals of malformed ones.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Socket, type SocketConnectOption } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { creditAccount, ticketsAccount } from '../../src/casino/index.ts';
import { TerminalRefused, type TerminalClient } from '../../src/terminal/index.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from '../integration/helpers.ts';
import { terminalClient } from './support.ts';

/** A raw socket on the terminal endpoint with this authToken; `opened`/`errors` say how it went. */
function terminalSocket(port: number, authToken: string) {
  const s = new Socket(`ws://127.0.0.1:${port}/terminal`, {
    transport: WebSocket as unknown as SocketConnectOption['transport'],
    authToken, reconnectAfterMs: () => 100, rejoinAfterMs: () => 100, heartbeatIntervalMs: 30_000, timeout: 3000,
  });
  const state = { opened: 0, errors: 0 };
  s.onOpen(() => {
    state.opened++;
  });
  s.onError(() => {
    state.errors++;
  });
  s.connect();
  return { s, state };
}

describe('the terminal channel', () => {
  let server: RunningServer;
  const secrets: Record<string, string> = {};
  const sockets: Socket[] = [];
  const open = (token: string) => {
    const t = terminalSocket(server.port, token);
    sockets.push(t.s);
    return t;
  };
  const joined = async (id: string) => {
    const t = open(`${id}:${secrets[id]}`);
    const ch = t.s.channel(`terminal:${id}`, {});
    const r = await joinAsync(ch);
    assert.equal(r.status, 'ok', JSON.stringify(r));
    return { ch, reply: r.response };
  };

  before(async () => {
    server = await startTestServer();
    for (const id of ['A', 'B', 'C']) secrets[id] = (await server.services.terminals.directory!.add(id, { currency: 'PLAY' })).secret;
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('lets a terminal join its own topic, with its credit and the heartbeat period in the reply', async () => {
    const { reply } = await joined('A');
    const { config, ...rest } = reply as any;
    assert.deepEqual(rest, { terminal_id: 'A', currency: 'PLAY', credit: 0, heartbeat_ms: 10_000 });
    // The hall's configuration as it stands (nothing changed yet: version 0, the built-in settings).
    assert.equal(config.version, 0);
    assert.deepEqual(config.games.blackjack, { min_bet: 100, max_bet: 50_000, version: 0 });
    assert.equal(server.services.terminals.monitor.status('A'), 'online');
  });

  it('refuses terminal A on terminal:B', async () => {
    const t = open(`A:${secrets['A']}`);
    const r = await joinAsync(t.s.channel('terminal:B', {}));
    assert.equal(r.status, 'error');
    assert.equal(r.response.reason, 'forbidden');
  });

  it('refuses a player token: it opens no terminal socket, and a player socket serves no terminal topic', async () => {
    const guest = await newGuest(server.url, 'alice');
    for (const token of [guest.token, `A:${guest.token}`]) {
      const t = open(token);
      await waitFor('the refused connect', () => t.state.errors > 0);
      assert.equal(t.state.opened, 0);
      t.s.disconnect();
    }
    const player = clientSocket(server.port, { authToken: guest.token });
    sockets.push(player);
    player.connect();
    const r = await joinAsync(player.channel('terminal:A', {}));
    assert.equal(r.status, 'error');
    assert.equal(r.response.reason, 'unmatched topic');
  });

  it('refuses a wrong secret and an unknown terminal at connect', async () => {
    for (const token of [`A:${secrets['B']}`, `Z:${secrets['A']}`, 'A:', ':x', 'no-colon']) {
      const t = open(token);
      await waitFor(`the refused connect (${token.slice(0, 8)})`, () => t.state.errors > 0);
      assert.equal(t.state.opened, 0, token);
      t.s.disconnect();
    }
  });

  it('answers each event, and refuses malformed ones with the field and the problem', async () => {
    const { ch } = await joined('B');
    const at = Date.now();
    assert.deepEqual((await pushAsync(ch, 'heartbeat', { seq: 1, progress: 5 })).response, { seq: 1 });
    assert.deepEqual((await pushAsync(ch, 'device_status', { key: 'd1', at, bill_acceptor: 'ok', printer: 'paper_low', door: 'closed', errors: [] })).response, { key: 'd1', late: false });
    assert.equal(server.services.terminals.monitor.view('B')!.device!.printer, 'paper_low');
    const cash = await pushAsync(ch, 'cash_in', { key: 'c1', amount: 1000, at });
    assert.deepEqual(cash, { status: 'ok', response: { key: 'c1', amount: 1000, replayed: false, credit: 1000, late: false } });
    const ticket = await pushAsync(ch, 'ticket', { key: 't1', amount: 400, at, direction: 'out', number: 'V-0001' });
    assert.deepEqual(ticket.response, { key: 't1', amount: 400, replayed: false, credit: 600, late: false });

    const refusals: Array<[string, object, string, string]> = [
      ['cash_in', { key: 'c2', amount: 1.5, at }, 'invalid_payload', 'amount: amount must be an integer of minor units'],
      ['cash_in', { key: 'c2', amount: -5, at }, 'invalid_payload', 'amount: amount must be positive'],
      ['cash_in', { key: 'has space', amount: 5, at }, 'invalid_payload', 'key: key is 1 to 100 of A-Z a-z 0-9 _ . : -'],
      ['cash_in', { key: 'c2', amount: 5 }, 'invalid_payload', 'at: Invalid input: expected number, received undefined'],
      ['cash_in', { key: 'c2', amount: 5, at, player: 'x' }, 'invalid_payload', 'Unrecognized key: "player"'],
      ['cash_in', { key: 'c1', amount: 999, at }, 'invalid_payload', 'idempotency key was already used for a different transaction'],
      ['ticket', { key: 't2', amount: 10_000, at, direction: 'out', number: 'V-2' }, 'insufficient_funds', 'Your balance is too low for that amount.'],
      ['heartbeat', { progress: 'x' }, 'invalid_payload', 'progress: Invalid input: expected number, received string'],
      ['open_door', {}, 'unknown_event', 'the terminal channel does not handle "open_door"'],
    ];
    for (const [event, payload, reason, message] of refusals) {
      const r = await pushAsync(ch, event, payload);
      assert.equal(r.status, 'error', `${event} ${JSON.stringify(payload)}`);
      assert.equal(r.response.reason, reason, JSON.stringify(r.response));
      assert.equal(r.response.message, message);
    }
    assert.equal(await server.services.ledger!.wallet.balance(creditAccount('B', 'PLAY')), 600, 'no refusal moved money');
    assert.equal((await server.services.ledger!.check()).sum, 0);
  });

  it('keeps a disabled terminal out: its cash-ins wait in the outbox, and it cannot connect again', async () => {
    const c = terminalClient(server.port, { terminalId: 'C', secret: secrets['C']! });
    await c.start();
    await waitFor('joined', () => c.connected);
    await c.cashIn(100);
    await c.drained();
    await server.services.terminals.directory!.disable('C');
    await c.cashIn(200);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(c.pending().length, 1, 'refused while disabled, kept to be sent when it may');
    assert.equal(c.rejected().length, 0);
    assert.equal(await server.services.ledger!.wallet.balance(creditAccount('C', 'PLAY')), 100);
    c.stop();
    const t = open(`C:${secrets['C']}`);
    await waitFor('the refused connect', () => t.state.errors > 0);
    assert.equal(t.state.opened, 0);
  });

  it('moves an entry the server refuses for good out of the queue, so the ones after it are delivered', async () => {
    const rejected: string[] = [];
    const c = terminalClient(server.port, { terminalId: 'A', secret: secrets['A']!, onRejected: (e) => rejected.push(e.reason) });
    await c.start();
    await c.ticketOut({ amount: 1_000_000, number: 'V-9' });
    await c.cashIn(700);
    await c.drained();
    c.stop();
    assert.deepEqual(rejected, ['insufficient_funds']);
    assert.equal(c.rejected()[0]!.payload['number'], 'V-9');
    assert.equal(await server.services.ledger!.wallet.balance(creditAccount('A', 'PLAY')), 700);
  });

  it('pays a printed voucher once in the whole hall: at any cabinet, for its amount, never twice', async () => {
    const directory = server.services.terminals.directory!;
    const tickets = () => server.services.ledger!.wallet.balance(ticketsAccount('PLAY'));
    const outBefore = await tickets();
    const [d, e] = await Promise.all(['D', 'E'].map(async (id) => {
      const { secret } = await directory.add(id, { currency: 'PLAY' });
      const c = terminalClient(server.port, { terminalId: id, secret });
      await c.start();
      await waitFor(`${id} joined`, () => c.connected);
      return c;
    }));
    await d!.cashIn(1000);
    await d!.ticketOut({ amount: 400, number: 'V-100' });
    await d!.drained();
    const meter = (id: string) => server.services.ledger!.wallet.balance(creditAccount(id, 'PLAY'));
    assert.equal(await meter('D'), 600);

    const paid = await e!.redeemTicket({ amount: 400, number: 'V-100' });
    assert.deepEqual([paid['replayed'], paid['credit']], [false, 400]);
    const again = await e!.redeemTicket({ amount: 400, number: 'V-100' });
    assert.deepEqual([again['replayed'], again['credit']], [true, 400], 'asking again at the same cabinet pays nothing more');
    const refused = async (c: TerminalClient, t: { amount: number; number: string }) => {
      try {
        await c.redeemTicket(t);
      } catch (err) {
        assert.ok(err instanceof TerminalRefused);
        return [err.reason, err.message];
      }
      assert.fail('paid');
    };
    assert.deepEqual(await refused(d!, { amount: 400, number: 'V-100' }), ['invalid_action', 'voucher V-100 was redeemed already']);
    assert.deepEqual(await refused(e!, { amount: 400, number: 'V-404' }), ['not_found', 'no voucher V-404 was printed']);
    await d!.ticketOut({ amount: 50, number: 'V-101' });
    await d!.drained();
    assert.deepEqual(await refused(e!, { amount: 500, number: 'V-101' }), ['invalid_payload', 'voucher V-101 is not for that amount']);
    // A number is printed once: a second voucher under it is refused for good.
    await d!.ticketOut({ amount: 10, number: 'V-101' });
    await d!.drained();
    assert.deepEqual(d!.rejected().map((r) => [r.payload['number'], r.reason]), [['V-101', 'invalid_payload']]);
    e!.stop();
    assert.deepEqual(await refused(e!, { amount: 50, number: 'V-101' }), ['offline', 'not connected: the voucher cannot be checked']);
    d!.stop();

    assert.equal(await meter('D'), 550);
    assert.equal(await meter('E'), 400);
    assert.equal(await tickets() - outBefore, 50, 'of these, only V-101 is still out in the world');
    assert.equal((await server.services.ledger!.check()).sum, 0);
  });
});
