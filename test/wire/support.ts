// Test support: the test app served on an ephemeral port, official-client sockets with
// short timers, and a polling `eventually` for asynchronous assertions.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket, type SocketConnectOption } from 'phoenix';
import { Endpoint, type EndpointOptions } from '../../src/wire/index.ts';
import { channels, type Assigns } from './app.ts';

export interface TestServer {
  endpoint: Endpoint<Assigns>;
  server: Server;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Tokens are `good-<user>`; anything else is refused. From params or the authToken subprotocol. */
export function connect(params: Record<string, unknown>, info: { authToken?: string }): Assigns | null {
  const token = (params.token as string | undefined) ?? info.authToken;
  return token?.startsWith('good-') ? { user: token.slice(5) } : null;
}

export async function startServer(opts: Partial<EndpointOptions<Assigns>> = {}, port = 0): Promise<TestServer> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const endpoint = new Endpoint<Assigns>({ connect, channels, socketId: (a) => `user_socket:${a.user}`, ...opts });
  endpoint.attach(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    endpoint,
    server,
    port: actual,
    url: `ws://127.0.0.1:${actual}/socket`,
    async stop() {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The official client with test-sized timers (its code untouched). */
export function client(url: string, opts: Partial<SocketConnectOption> = {}): Socket {
  return new Socket(url, {
    reconnectAfterMs: () => 50,
    rejoinAfterMs: () => 50,
    heartbeatIntervalMs: 30_000,
    timeout: 2_000,
    ...opts,
  });
}

export async function eventually<T>(fn: () => T | undefined | false | 0 | null, what = 'condition', ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function receive<T = any>(push: { receive(status: string, cb: (r: any) => void): unknown }): Promise<{ status: string; response: T }> {
  return new Promise((resolve) => {
    for (const status of ['ok', 'error', 'timeout']) push.receive(status, (response: T) => resolve({ status, response }));
  });
}
