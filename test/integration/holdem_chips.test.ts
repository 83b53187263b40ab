// Chips always go home. Hold'em chips live in the ledger account escrow:<table>/<player>;
// a table crash empties the seat map but not the account. The attacks on the player:
// a stack that outgrew the maximum buy-in could not sit again (above_max) and stayed
// locked at the table; a table that crashed and then closed kept the chips until the
// next server start. The defences: sitting with existing chips above the maximum (no
// more buy-in then), stranded chips returned when a table closes, and a
// `cash_out_chips` request on the player channel for tables where the player is not
// seated — each return one idempotent, audited ledger transaction.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import { exit, stop } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { chipsAccount } from '../../src/casino/tables/chips.ts';
import { accountId } from '../../src/ledger/index.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

interface P {
  guest: Guest;
  socket: Socket;
  me: Channel;
  tables: Map<string, { ch: Channel; state: any; events: any[] }>;
}

describe("hold'em chips always go home", () => {
  let server: RunningServer;
  const ps: P[] = [];
  const ledger = () => server.services.ledger!;
  const chips = (table: string, p: P) => ledger().wallet.balance(chipsAccount(table, p.guest.player_id));
  const wallet = (p: P) => ledger().wallet.playerBalance(p.guest.player_id, 'PLAY');
  const balanced = async () => {
    const c = await ledger().check();
    assert.deepEqual([c.sum, c.negative_balances, c.ok], [0, 0, true]);
  };
  const join = async (p: P, table: string) => {
    const ch = p.socket.channel(`table:${table}`, {});
    const t = { ch, state: null as any, events: [] as any[] };
    ch.on('state', (s) => {
      t.state = s;
    });
    ch.on('event', (e) => {
      t.events.push(e);
    });
    const joined = await joinAsync(ch);
    assert.equal(joined.status, 'ok');
    t.state = joined.response.state;
    p.tables.set(table, t);
    return t;
  };
  const leaveSeat = async (p: P, table: string) => {
    let left = await pushAsync(p.tables.get(table)!.ch, 'leave_seat', {});
    for (let i = 0; left.status !== 'ok' && left.response.reason === 'round_closed' && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      left = await pushAsync(p.tables.get(table)!.ch, 'leave_seat', {});
    }
    assert.equal(left.status, 'ok', JSON.stringify(left.response));
  };
  /** Kills the table's process (a crash) and waits for the supervisor's restart. */
  const crash = async (table: string) => {
    const before = server.services.tables!.lookup(table)!;
    exit(before, 'kill');
    await waitFor('table restarted', () => {
      const now = server.services.tables!.lookup(table);
      return now !== undefined && now !== before;
    });
  };

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '10000', PITBOSS_TURN_MS: '5000' });
    for (const name of ['ann', 'ben']) {
      const guest = await newGuest(server.url, name);
      const socket = clientSocket(server.port, { params: { token: guest.token } });
      socket.connect();
      const me = socket.channel(`player:${guest.player_id}`, {});
      await joinAsync(me);
      ps.push({ guest, socket, me, tables: new Map() });
    }
  });
  after(async () => {
    for (const p of ps) p.socket.disconnect();
    await server.stop();
  });

  it('lets a player whose stack outgrew the maximum buy-in sit again with all of it after a crash', async () => {
    const [ann, ben] = ps as [P, P];
    await server.services.tables!.create('holdem', { id: 'hx-1', options: { big_blind: 50, small_blind: 25, min_buy_in: 1000, max_buy_in: 2000, hand_delay_ms: 400 } });
    const ta = await join(ann, 'hx-1');
    await join(ben, 'hx-1');
    for (const [p, seat] of [[ann, 0], [ben, 1]] as const) assert.equal((await pushAsync(p.tables.get('hx-1')!.ch, 'sit', { seat, buy_in: 2000 })).status, 'ok');
    // The first hand: whoever acts first folds, so the other wins the blinds and ends above the maximum.
    await waitFor('hand dealt', () => ta.state?.game?.hand?.street === 'preflop');
    const toAct = ta.state.game.hand.to_act;
    const [folder, winner] = toAct === 0 ? [ann, ben] : [ben, ann];
    assert.equal((await pushAsync(folder.tables.get('hx-1')!.ch, 'act', { action: 'fold' })).status, 'ok');
    await waitFor('hand settled', () => ta.events.some((e) => e.type === 'settled'));
    await leaveSeat(folder, 'hx-1'); // before the next hand: the winner stays alone, no hand runs
    const stack = await chips('hx-1', winner);
    assert.ok(stack > 2000, `the winner's stack ${stack} is above the maximum buy-in`);
    const walletBefore = await wallet(winner);

    await crash('hx-1');
    await join(winner, 'hx-1');
    assert.equal(await chips('hx-1', winner), stack, 'the stack survived the crash in the ledger, without a seat');
    // More chips on top of a stack already above the maximum are still refused...
    const more = await pushAsync(winner.tables.get('hx-1')!.ch, 'sit', { buy_in: 100 });
    assert.equal(more.response.reason, 'above_max');
    // ...but the player sits again with the whole stack, buying nothing.
    const sat = await pushAsync(winner.tables.get('hx-1')!.ch, 'sit', {});
    assert.equal(sat.status, 'ok', JSON.stringify(sat.response));
    await waitFor('stack shown', () => winner.tables.get('hx-1')!.state?.game?.stacks?.[winner.guest.player_id] === stack);
    assert.equal(await wallet(winner), walletBefore);
    assert.equal(await chips('hx-1', winner), stack);
    await balanced();
  });

  it('returns chips stranded at a table to the wallet when that table closes', async () => {
    const winner = (await chips('hx-1', ps[0]!)) > 0 ? ps[0]! : ps[1]!;
    const stack = await chips('hx-1', winner);
    const walletBefore = await wallet(winner);
    await crash('hx-1'); // strands the stack again: the restarted table seats no one
    // Nobody comes back and the table closes (what the idle timer does).
    await stop(server.services.tables!.lookup('hx-1')!, 'normal');
    for (let i = 0; i < 300 && (await chips('hx-1', winner)) !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await chips('hx-1', winner), 0);
    assert.equal(await wallet(winner), walletBefore + stack);
    const audit = await ledger().store.query<{ subject: string; after: string }>("SELECT subject, after FROM audit_log WHERE action = 'chips_returned' AND subject = $1",
      [chipsAccount('hx-1', winner.guest.player_id)]);
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.after).reason, 'table_closed');
    await balanced();
  });

  it('returns chips on request from tables where the player is not seated, and only those', async () => {
    const [ann, ben] = ps as [P, P];
    await server.services.tables!.create('holdem', { id: 'hx-2', options: { big_blind: 50, min_buy_in: 1000, max_buy_in: 2000, hand_delay_ms: 60_000 } });
    await join(ann, 'hx-2');
    await join(ben, 'hx-2');
    for (const p of [ann, ben]) assert.equal((await pushAsync(p.tables.get('hx-2')!.ch, 'sit', { buy_in: 1500 })).status, 'ok');
    await crash('hx-2');
    await join(ann, 'hx-2');
    assert.equal((await pushAsync(ann.tables.get('hx-2')!.ch, 'sit', {})).status, 'ok'); // ann sits again with her chips
    // A table that crashed in an earlier run of the server and never came back.
    await ledger().wallet.transfer({ key: 'ghost-buy-in', kind: 'buy_in', currency: 'PLAY',
      entries: [{ account: accountId('player', ben.guest.player_id, 'PLAY'), amount: -700 }, { account: chipsAccount('ghost-table', ben.guest.player_id), amount: 700 }] });

    const benBefore = await wallet(ben);
    const back = await pushAsync(ben.me, 'cash_out_chips', {});
    assert.equal(back.status, 'ok', JSON.stringify(back.response));
    assert.deepEqual(back.response.returned.sort((a: any, b: any) => a.table_id.localeCompare(b.table_id)),
      [{ table_id: 'ghost-table', amount: 700 }, { table_id: 'hx-2', amount: 1500 }]);
    assert.equal(back.response.balance, benBefore + 2200);
    assert.equal(await chips('hx-2', ben), 0);
    // Asking again moves nothing.
    assert.deepEqual((await pushAsync(ben.me, 'cash_out_chips', {})).response.returned, []);
    // Ann is seated at hx-2: her chips stay at the table.
    const annBack = await pushAsync(ann.me, 'cash_out_chips', {});
    assert.deepEqual(annBack.response.returned, []);
    assert.equal(await chips('hx-2', ann), 1500);
    await balanced();
  });
});
