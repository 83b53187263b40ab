// Colyseus through its official SDK (@colyseus/sdk 0.18): seat reservation over
// HTTP from the matchmaker, then the room's WebSocket with msgpack messages.
// The protocol is not small enough to re-implement honestly here, so the SDK is
// used as shipped, except that it is made to use the `ws` library (as the other
// adapters do) instead of Node's built-in WebSocket.
import type { ActPayload, EventPayload } from '../protocol.ts';
import type { BenchClient, ConnectOptions } from './client.ts';

// The SDK picks `globalThis.WebSocket || require('ws')` when its module loads.
delete (globalThis as { WebSocket?: unknown }).WebSocket;
const { Client } = await import('@colyseus/sdk');
type SdkRoom = Awaited<ReturnType<InstanceType<typeof Client>['create']>>;

class ColyseusClient implements BenchClient {
  readonly idx: number;
  received = 0;
  acked = 0;
  private readonly sdk: InstanceType<typeof Client>;
  private readonly o: ConnectOptions;
  private room: SdkRoom | null = null;
  private open = true;

  constructor(o: ConnectOptions) {
    this.o = o;
    this.idx = o.idx;
    this.sdk = new Client(`http://127.0.0.1:${o.port}`);
  }

  async join(_room: number, key?: string): Promise<string> {
    const room = key ? await this.sdk.joinById(key) : await this.sdk.create('bench');
    this.room = room;
    room.onMessage('ev', (ev: EventPayload) => {
      this.received++;
      this.o.hooks.onEvent(this, ev);
    });
    room.onLeave(() => {
      this.open = false;
      this.o.hooks.onClose(this);
    });
    return room.roomId;
  }

  act(payload: ActPayload): void {
    this.room?.send('act', payload, () => void this.acked++);
  }

  heartbeat(): void {}

  isOpen(): boolean {
    return this.open && (this.room?.connection.isOpen ?? true);
  }

  close(): void {
    this.open = false;
    void this.room?.leave(false).catch(() => {});
  }
}

// A Colyseus connection exists only inside a room: "connect" is a no-op and the
// WebSocket opens at join.
export async function connectColyseus(o: ConnectOptions): Promise<BenchClient> {
  return new ColyseusClient(o);
}
