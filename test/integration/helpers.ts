// Shared helpers for end-to-end tests: a real server in this process (in-memory PGlite,
// an ephemeral port) and the official phoenix client.
import { Socket, type SocketConnectOption } from 'phoenix';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer, type StartOptions } from '../../src/main.ts';

/** Generous limits, so tests of other behaviour are never rate limited; limits.test.ts sets its own. */
export const ROOMY_LIMITS = {
  PITBOSS_RATE_CONNECTS: '10000/1s', PITBOSS_RATE_JOINS: '10000/1s', PITBOSS_RATE_ACTIONS: '10000/1s',
  PITBOSS_RATE_CHAT: '10000/1s', PITBOSS_RATE_GUESTS: '10000/1s', PITBOSS_RATE_READS: '10000/1s',
};

export async function startTestServer(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<RunningServer> {
  // The suite's migrated in-memory template (npm test sets PITBOSS_PGLITE_TEMPLATE): a server starts in ~1 s instead of ~4.
  const template = process.env['PITBOSS_PGLITE_TEMPLATE'] ? { PITBOSS_PGLITE_TEMPLATE: process.env['PITBOSS_PGLITE_TEMPLATE'] } : {};
  return startServer(loadConfig({ DATABASE_URL: 'memory://', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...ROOMY_LIMITS, ...template, ...env }), opts);
}

export interface Guest {
  player_id: string;
  name: string;
  token: string;
  balance: number;
}

export async function newGuest(baseUrl: string, name: string): Promise<Guest> {
  const res = await fetch(`${baseUrl}/api/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  if (res.status !== 201) throw new Error(`guest sign-up failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Guest;
}

/** A phoenix client socket with fast timers, so reconnects and rejoins happen within a test. */
export function clientSocket(port: number, opts: Partial<SocketConnectOption> = {}): Socket {
  return new Socket(`ws://127.0.0.1:${port}/socket`, {
    transport: WebSocket as unknown as SocketConnectOption['transport'],
    reconnectAfterMs: () => 50,
    rejoinAfterMs: () => 50,
    heartbeatIntervalMs: 30_000,
    timeout: 3000,
    ...opts,
  });
}

export async function waitFor(what: string, pred: () => boolean, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves with a push's reply: {status, response}. */
export function pushAsync(ch: import('phoenix').Channel, event: string, payload: object): Promise<{ status: string; response: any }> {
  return new Promise((resolve) => {
    const p = ch.push(event, payload);
    for (const status of ['ok', 'error', 'timeout'] as const) p.receive(status, (response: unknown) => resolve({ status, response }));
  });
}

export function joinAsync(ch: import('phoenix').Channel): Promise<{ status: string; response: any }> {
  return new Promise((resolve) => {
    const p = ch.join();
    for (const status of ['ok', 'error', 'timeout'] as const) p.receive(status, (response: unknown) => resolve({ status, response }));
  });
}
