// Tables in this process without HTTP or sockets: a PGlite ledger in memory, the real
// TableManager and table processes, and members joined through the real table and player
// channels over the ChannelTest harness — each member keeps every frame it received.
import { DynamicSupervisor, stop, type Pid } from '../../src/runtime/index.ts';
import { LocalPubSub } from '../../src/wire/index.ts';
import { ChannelTest, type Frame, type Reply, type TestChannel } from '../../src/wire/testing.ts';
import { openStore } from '../../src/store/open.ts';
import { Ledger } from '../../src/ledger/index.ts';
import { casinoReplayers } from '../../src/casino/adapters/replayers.ts';
import { TableManager } from '../../src/casino/tables/manager.ts';
import { tableGames } from '../../src/casino/adapters/index.ts';
import { tableChannel } from '../../src/casino/table_channel.ts';
import { playerChannel } from '../../src/casino/player_channel.ts';
import { CURRENCY } from '../../src/casino/currency.ts';
import type { PlayerAssigns } from '../../src/casino/socket_auth.ts';

export interface Member {
  playerId: string;
  t: ChannelTest<PlayerAssigns>;
  /** Every reply this member received, in order (the harness takes them out of `t.frames`). */
  replies: Reply[];
  /** Every frame received: the pushes still in `t.frames` plus the replies. */
  received(): unknown[];
  table(id: string): Promise<TestChannel>;
  push(ch: TestChannel, event: string, payload?: Record<string, unknown>): Promise<Reply>;
  /** The last `state` push on `topic` (null before the first). */
  lastState(topic: string): any;
}

export interface Casino {
  ledger: Ledger;
  tables: TableManager;
  member(playerId: string, balance?: number): Promise<Member>;
  close(): Promise<void>;
}

export async function startCasino(): Promise<Casino> {
  const store = await openStore({ kind: 'pglite-memory' });
  const ledger = new Ledger(store, { replayers: await casinoReplayers() });
  const pubsub = new LocalPubSub();
  const supervisor: Pid = await DynamicSupervisor.start({ maxChildren: 100 });
  const tables = new TableManager({ supervisor, ledger, pubsub, games: tableGames, log: { error: (o, m) => console.error(m, o) } });
  const members: Member[] = [];
  const channels = [['table:*', tableChannel({ tables })], ['player:*', playerChannel({ ledger })]] as const;

  async function member(playerId: string, balance = 0): Promise<Member> {
    if (balance > 0) await ledger.wallet.deposit({ player: playerId, currency: CURRENCY, amount: balance, key: `fund:${playerId}` });
    const t = new ChannelTest<PlayerAssigns>({
      channels: channels as never, pubsub, timeoutMs: 10_000,
      assigns: { playerId, name: playerId, roles: [], ip: '127.0.0.1', expiresAt: Number.MAX_SAFE_INTEGER },
    });
    const replies: Reply[] = [];
    const m: Member = {
      playerId, t, replies,
      received: () => [...t.frames.map((f: Frame) => f.payload), ...replies],
      async table(id) {
        const { reply, channel } = await t.join(id);
        replies.push(reply);
        if (reply.status !== 'ok') throw new Error(`join ${id}: ${JSON.stringify(reply)}`);
        return channel;
      },
      async push(ch, event, payload = {}) {
        const r = await ch.push(event, payload as never);
        replies.push(r);
        return r;
      },
      lastState(topic) {
        for (let i = t.frames.length - 1; i >= 0; i--) if (t.frames[i]!.topic === topic && t.frames[i]!.event === 'state') return t.frames[i]!.payload;
        return null;
      },
    };
    members.push(m);
    return m;
  }

  return {
    ledger, tables, member,
    async close() {
      for (const m of members) await m.t.close();
      await stop(supervisor, 'shutdown').catch(() => {});
      await store.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
