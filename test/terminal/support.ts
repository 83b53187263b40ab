// What the terminal tests share: a TCP proxy in front of the server, so a test can take a
// terminal's network away (every connection cut, new ones refused) and give it back
// without touching the server; and a terminal client with fast reconnects.
import { createServer, connect, type Server, type Socket as NetSocket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { SocketConnectOption } from 'phoenix';
import { TerminalClient, type TerminalClientOptions } from '../../src/terminal/node.ts';

export interface Proxy {
  port: number;
  /** Cuts every connection and refuses new ones: the server is unreachable. */
  offline(): void;
  online(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<Proxy> {
  let up = true;
  const open = new Set<NetSocket>();
  const server: Server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    offline() {
      up = false;
      for (const s of open) s.destroy();
    },
    online() {
      up = true;
    },
    close: () => {
      for (const s of open) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

export function terminalClient(port: number, opts: Omit<TerminalClientOptions, 'url'>): TerminalClient {
  return new TerminalClient({
    url: `ws://127.0.0.1:${port}/terminal`,
    replyTimeoutMs: 3000,
    retryMs: 50,
    heartbeatMs: 60_000,
    ...opts,
    socket: {
      transport: WebSocket as unknown as SocketConnectOption['transport'],
      reconnectAfterMs: () => 50,
      rejoinAfterMs: () => 50,
      heartbeatIntervalMs: 30_000,
      ...opts.socket,
    },
  });
}
