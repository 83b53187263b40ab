// The official phoenix client (the `phoenix` package, as a browser runs it) behind the
// bots' BotClient, for `pitboss chaos`: unlike the lean load client it reconnects when its
// socket drops (a node killed under it: the next connection reaches a live node) and
// rejoins each channel that errored (a table that moved or restarted). On each rejoin it
// asks the table to `resume` from the last `seq` it saw — the missed events, or `too_old`
// and the join's fresh View — and counts how long the channel was away.
import { Socket, type Channel, type SocketConnectOption } from 'phoenix';
import { signUp, type Guest } from './guests.ts';
import type { BotClient, BotConnector, Reply } from './mixed.ts';

export interface RejoinStats {
  /** Channel errors (socket dropped, table moved or restarted). */
  errors: number;
  /** Rejoins that succeeded, and how long each channel was away (ms). */
  rejoins: number;
  awayMs: number[];
  /** `resume` after a rejoin: answered with events (and how many), `too_old`, or failed otherwise. */
  resumed: number;
  resumedEvents: number;
  tooOld: number;
  resumeFailed: Record<string, number>;
}

export const newRejoinStats = (): RejoinStats => ({ errors: 0, rejoins: 0, awayMs: [], resumed: 0, resumedEvents: 0, tooOld: 0, resumeFailed: {} });

interface Joined {
  ch: Channel;
  joins: number;
  erroredAt: number | null;
  lastSeq: number;
}

export class OfficialClient implements BotClient {
  onPush: BotClient['onPush'] = null;
  onRejoin: BotClient['onRejoin'] = null;
  readonly socket: Socket;
  readonly #stats: RejoinStats;
  readonly #joined = new Map<string, Joined>();
  /** Closed by the run: the channel errors its own disconnect causes are not faults. */
  #closing = false;

  constructor(port: number, token: string, stats: RejoinStats, onClose: () => void) {
    this.#stats = stats;
    this.socket = new Socket(`ws://127.0.0.1:${port}/socket`, {
      transport: WebSocket as unknown as SocketConnectOption['transport'],
      params: { token },
      // The client's defaults for reconnects (10 ms … 5 s) and rejoins (1, 2, 5, 10 s).
      timeout: 10_000,
    });
    this.socket.onClose(onClose);
    this.socket.connect();
  }

  joinTopic(topic: string, payload: object = {}): Promise<Record<string, unknown>> {
    const ch = this.socket.channel(topic, payload);
    const j: Joined = { ch, joins: 0, erroredAt: null, lastSeq: 0 };
    // Counted for table channels (the lobby rejoins too, but has no seq to resume from).
    const table = topic.startsWith('table:');
    ch.onError(() => {
      if (table && !this.#closing && j.erroredAt === null && j.joins > 0) {
        j.erroredAt = Date.now();
        this.#stats.errors++;
      }
    });
    for (const event of ['state', 'event', 'notice', 'chat']) {
      ch.on(event, (p: Record<string, unknown>) => {
        const seq = p['seq'];
        if ((event === 'event' || event === 'state') && typeof seq === 'number' && seq > j.lastSeq) j.lastSeq = seq;
        this.onPush?.(topic, event, p);
      });
    }
    return new Promise((resolve, reject) => {
      // The join push is sent again at every rejoin, with the same hooks: the first `ok`
      // answers this call, each later one is a rejoin.
      ch.join()
        .receive('ok', (r: Record<string, unknown>) => {
          j.joins++;
          if (j.joins === 1) {
            this.#joined.set(topic, j);
            if (typeof r['seq'] === 'number') j.lastSeq = r['seq'];
            return resolve(r);
          }
          if (table) void this.#rejoined(topic, j, r);
        })
        .receive('error', (r: Record<string, unknown>) => {
          if (j.joins > 0) return; // a rejoin refused (the table not yet on its new owner): the client tries again
          ch.leave();
          reject(new Error(`join ${topic}: ${JSON.stringify(r)}`));
        })
        .receive('timeout', () => {
          if (j.joins > 0) return;
          ch.leave();
          reject(new Error(`join ${topic}: timeout`));
        });
    });
  }

  async #rejoined(topic: string, j: Joined, reply: Record<string, unknown>): Promise<void> {
    const s = this.#stats;
    s.rejoins++;
    if (j.erroredAt !== null) s.awayMs.push(Date.now() - j.erroredAt);
    j.erroredAt = null;
    const since = j.lastSeq;
    const r = await this.call(topic, 'resume', { since });
    if (r.status === 'ok') {
      const events = (r.response['events'] as Array<Record<string, unknown>> | undefined) ?? [];
      s.resumed++;
      s.resumedEvents += events.length;
      for (const ev of events) {
        if (typeof ev['seq'] === 'number' && ev['seq'] > j.lastSeq) j.lastSeq = ev['seq'];
        this.onPush?.(topic, 'event', ev);
      }
    } else if (r.response['reason'] === 'too_old') s.tooOld++;
    else s.resumeFailed[String(r.response['reason'] ?? r.status)] = (s.resumeFailed[String(r.response['reason'] ?? r.status)] ?? 0) + 1;
    if (typeof reply['seq'] === 'number' && reply['seq'] > j.lastSeq) j.lastSeq = reply['seq'];
    this.onRejoin?.(topic, reply);
  }

  async leaveTopic(topic: string): Promise<void> {
    const j = this.#joined.get(topic);
    this.#joined.delete(topic);
    j?.ch.leave();
  }

  call(topic: string, event: string, payload: object): Promise<Reply> {
    const j = this.#joined.get(topic);
    if (j === undefined) return Promise.resolve({ status: 'error', response: { reason: 'not_joined' } });
    return new Promise((resolve) => {
      j.ch.push(event, payload)
        .receive('ok', (response: Record<string, unknown>) => resolve({ status: 'ok', response }))
        .receive('error', (response: Record<string, unknown>) => resolve({ status: 'error', response }))
        .receive('timeout', () => resolve({ status: 'timeout', response: { reason: 'timeout' } }));
    });
  }

  /** The official client heartbeats by itself. */
  heartbeat(): void {}

  /** Channels joined but not joined now (errored, rejoining), by topic. */
  away(): string[] {
    return [...this.#joined].filter(([, j]) => j.ch.state !== 'joined').map(([t]) => t);
  }

  close(): void {
    this.#closing = true;
    this.socket.disconnect();
  }
}

/** Bots on the official client, every one reporting into `stats`; `clients` collects them with their guests. */
export function officialConnector(stats: RejoinStats, clients: Array<{ guest: Guest; client: OfficialClient }>): BotConnector {
  return async ({ port, idx, onClose }) => {
    const guest = await signUp(port, `chaos${idx}`);
    const client = new OfficialClient(port, guest.token, stats, onClose);
    clients.push({ guest, client });
    return { guest, client };
  };
}
