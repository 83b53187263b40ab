// Pitboss under load. `--target bench` (the default): an http server with the real
// src/wire Endpoint serving a small honest room channel on `room:*`: a join takes a
// seat, and `act` is broadcast to the whole room as `ev` (through PubSub and the
// fastlane, as a table's events are) and answered with an ok reply, the way a table
// answers an action. Every channel is its own process on the runtime, exactly as in
// production.
// `--target tables`: the real server (src/main.ts via ./casino.ts, in-memory PGlite):
// guests, the lobby, and real table processes on `table:*`; the load process speaks
// the casino protocol (sign-up, token, find_table, table chat) — see bench/load/.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Endpoint, Channel, type ChannelSocket } from '../../src/wire/index.ts';
import type { JsonObject } from '../../src/wire/index.ts';
import { serveControl, portArg } from './control.ts';

const targetIdx = process.argv.indexOf('--target');
const target = targetIdx >= 0 ? process.argv[targetIdx + 1] : 'bench';
if (target === 'tables') await import('./casino.ts');
else if (target !== 'bench') {
  console.error(`bench/servers/pitboss.ts: unknown --target ${target} (bench or tables)`);
  process.exit(2);
} else benchRooms();

function benchRooms(): void {
  // Seats taken per room, so each member gets a stable index for the broadcasts.
  const seats = new Map<string, number>();

  interface Seat { idx: number }

  class BenchRoom extends Channel<Seat> {
    join(topic: string, _payload: JsonObject, socket: ChannelSocket<Seat>): object {
      const idx = seats.get(topic) ?? 0;
      seats.set(topic, idx + 1);
      socket.assigns = { idx };
      return {};
    }

    override async handleIn(event: string, payload: JsonObject | Uint8Array, socket: ChannelSocket<Seat>): Promise<object> {
      if (event !== 'act') return super.handleIn(event, payload, socket) as object;
      await socket.broadcast('ev', { f: socket.assigns.idx, ...(payload as JsonObject) });
      return {};
    }

    override terminate(_reason: unknown, socket: ChannelSocket<Seat>): void {
      const left = (seats.get(socket.topic) ?? 1) - 1;
      if (left <= 0) seats.delete(socket.topic);
      else seats.set(socket.topic, left);
    }
  }

  const endpoint = new Endpoint<object>({
    connect: () => ({}),
    channels: [['room:*', BenchRoom]],
  });
  const http = createServer();
  endpoint.attach(http);

  http.listen(portArg(), '127.0.0.1', () => {
    serveControl((http.address() as AddressInfo).port, { connections: () => endpoint.stats().sockets, rooms: () => seats.size });
  });
}
