// The load process's clients: opened with a bounded number in flight, spread
// over loopback source addresses, seated in rooms of ROOM_SIZE in order
// (clients 0..5 → room 0, 6..11 → room 1, …), kept alive by heartbeats.
// Pitboss with the `table:` prefix is the real server: every client signs up as a
// guest first and connects with its token.
import { ROOM_SIZE, portFor, type EventPayload, type ServerKind } from '../protocol.ts';
import { connectorFor, type BenchClient, type ClientHooks, type Connector } from './client.ts';
import { connectGuest } from './guests.ts';

/** Run `task(i)` for i in [0, n) with at most `limit` in flight. */
export async function inWindow(n: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane));
}

export interface PoolOptions {
  kind: ServerKind;
  port: number;
  /** Several nodes' ports: clients are spread over them round-robin (bench/harness/nodes.ts). */
  ports?: number[];
  /** Source addresses 127.0.0.1..N; 0 lets the kernel choose (no bind). */
  addresses: number;
  topicPrefix: string;
}

export class Pool {
  clients: BenchClient[] = [];
  closed = 0;
  errors: string[] = [];
  /** Distinct rooms (bench topics, or table ids with `--target tables`) the last join seated clients in. */
  rooms = 0;
  onEvent: (c: BenchClient, ev: EventPayload) => void = () => {};
  private readonly o: PoolOptions;
  private beat: NodeJS.Timeout;
  /** The clients of a connect() still in progress (sparse, in index order). */
  private filling: BenchClient[] = [];

  constructor(o: PoolOptions) {
    this.o = o;
    // Phoenix clients heartbeat every 30 s; spread so they don't all fire at once.
    let cursor = 0;
    this.beat = setInterval(() => {
      // Clients still being filled in count too: a slow fill (guests signing up on the real
      // server) can outlast the server's heartbeat timeout, which would close the first ones.
      const all = this.filling.length > 0 ? this.clients.concat(this.filling.filter(Boolean)) : this.clients;
      const slice = Math.ceil(all.length / 30);
      for (let k = 0; k < slice && all.length > 0; k++) all[cursor++ % all.length].heartbeat();
    }, 1000);
  }

  private hooks: ClientHooks = {
    onEvent: (c, ev) => this.onEvent(c, ev),
    onClose: () => this.closed++,
  };

  async connect(count: number, concurrency: number): Promise<void> {
    const connect: Connector = this.o.kind === 'pitboss' && this.o.topicPrefix === 'table:'
      ? async (co) => (await connectGuest(co)).client
      : await connectorFor(this.o.kind);
    const base = this.clients.length;
    const fresh = new Array<BenchClient>(count);
    this.filling = fresh;
    await inWindow(count, concurrency, async (i) => {
      const idx = base + i;
      const localAddress = this.o.addresses > 0 ? `127.0.0.${1 + (idx % this.o.addresses)}` : undefined;
      try {
        fresh[i] = await connect({ port: portFor(this.o.port, this.o.ports, idx), idx, localAddress, topicPrefix: this.o.topicPrefix, hooks: this.hooks });
      } catch (e) {
        this.errors.push(`connect ${idx}: ${(e as Error).message}`);
      }
    });
    this.clients.push(...fresh.filter(Boolean));
    this.filling = [];
  }

  /** Seat every client; the first of each room joins first so the others can follow it. */
  async join(concurrency: number): Promise<number> {
    const rooms = Math.floor(this.clients.length / ROOM_SIZE);
    // A partial room would skew broadcasts per action: let its clients go.
    for (const c of this.clients.splice(rooms * ROOM_SIZE)) c.close();
    let joined = 0;
    const keys = new Set<string>();
    await inWindow(rooms, Math.max(1, Math.floor(concurrency / ROOM_SIZE)), async (r) => {
      const members = this.clients.slice(r * ROOM_SIZE, (r + 1) * ROOM_SIZE);
      try {
        const key = await members[0].join(r);
        await Promise.all(members.slice(1).map((c) => c.join(r, key)));
        joined += ROOM_SIZE;
        keys.add(key);
      } catch (e) {
        this.errors.push(`join room ${r}: ${(e as Error).message}`);
      }
    });
    this.rooms = keys.size;
    return joined;
  }

  acked(): number {
    let n = 0;
    for (const c of this.clients) n += c.acked;
    return n;
  }

  open(): number {
    let n = 0;
    for (const c of this.clients) if (c.isOpen()) n++;
    return n;
  }

  close(): void {
    clearInterval(this.beat);
    for (const c of this.clients) c.close();
    this.clients = [];
  }
}
