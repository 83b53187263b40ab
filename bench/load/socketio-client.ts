// A lean Socket.IO v5 / Engine.IO v4 client over one `ws` socket, for the same
// reason as the lean Phoenix client: socket.io-client's Manager, reconnection
// and buffers per connection would make the load process, not the server, the
// limit. Packets: engine "0" open, "2"/"3" ping/pong, "4" message; socket.io
// "0" connect, "2" event, "3" ack — so "40", "42[...]", "420[...]", "430[...]".
import WebSocket from 'ws';
import type { ActPayload, EventPayload } from '../protocol.ts';
import type { BenchClient, ConnectOptions } from './client.ts';

class SocketIoClient implements BenchClient {
  readonly idx: number;
  received = 0;
  acked = 0;
  private readonly ws: WebSocket;
  private readonly o: ConnectOptions;
  private ackId = 0;
  private acks = new Map<number, (data: unknown[]) => void>();

  constructor(ws: WebSocket, o: ConnectOptions) {
    this.ws = ws;
    this.o = o;
    this.idx = o.idx;
    ws.on('message', (data) => this.onPacket(data.toString()));
    ws.on('close', () => o.hooks.onClose(this));
  }

  private onPacket(p: string): void {
    if (p.startsWith('42')) {
      const [name, payload] = JSON.parse(p.slice(2)) as [string, EventPayload];
      if (name === 'ev') {
        this.received++;
        this.o.hooks.onEvent(this, payload);
      }
    } else if (p === '2') {
      this.ws.send('3'); // the server pings, the client answers
    } else if (p.startsWith('43')) {
      const open = p.indexOf('[');
      const id = Number(p.slice(2, open));
      const waiter = this.acks.get(id);
      if (waiter === undefined) return void this.acked++; // the ack of an act
      this.acks.delete(id);
      waiter(JSON.parse(p.slice(open)) as unknown[]);
    }
  }

  join(room: number): Promise<string> {
    const topic = `${this.o.topicPrefix}${room}`;
    const id = this.ackId++;
    this.ws.send(`42${id}${JSON.stringify(['join', topic])}`);
    return new Promise((resolve) => this.acks.set(id, () => resolve(topic)));
  }

  act(payload: ActPayload): void {
    this.ws.send(`42${this.ackId++}${JSON.stringify(['act', payload])}`);
  }

  heartbeat(): void {} // Engine.IO pings come from the server

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }
}

export function connectSocketIo(o: ConnectOptions): Promise<BenchClient> {
  const url = `ws://127.0.0.1:${o.port}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { localAddress: o.localAddress, perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    // Engine open packet first, then connect to the default namespace and wait for its "40{sid}".
    ws.on('message', function handshake(data) {
      const p = data.toString();
      if (p.startsWith('0')) ws.send('40');
      else if (p.startsWith('40')) {
        ws.off('message', handshake);
        resolve(new SocketIoClient(ws, o));
      }
    });
  });
}
