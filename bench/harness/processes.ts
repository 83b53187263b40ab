// Starting the bench processes: each server and the load generator is its own
// Node process, pinned with `taskset` (server on core 0, load on core 1) so that
// runs compare and the generator never steals the server's CPU. Control is over
// Node IPC; every request carries an id and resolves on the matching reply.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadCommand, LoadReply, ServerKind, ServerMessage, ServerStats } from '../protocol.ts';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const cores = (await import('node:os')).availableParallelism();

export interface Pinned {
  /** CPU list for `taskset -c`, or null to leave placement to the kernel. */
  cpus: string | null;
}

/** Server on core 0 and load on core 1, when the machine has two and taskset exists. */
export function placement(pin: boolean): { server: Pinned; load: Pinned } {
  const ok = pin && hasTaskset && cores >= 2;
  return { server: { cpus: ok ? '0' : null }, load: { cpus: ok ? '1' : null } };
}

function start(script: string, args: string[], pin: Pinned, nodeFlags: string[], env?: Record<string, string>): ChildProcess {
  // process.execPath, not "node": the PATH node may be an older major.
  const cmd = [process.execPath, ...nodeFlags, script, ...args];
  const [file, ...argv] = pin.cpus ? ['taskset', '-c', pin.cpus, ...cmd] : cmd;
  return spawn(file, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: fileURLToPath(new URL('../..', import.meta.url)), env: env ? { ...process.env, ...env } : process.env });
}

class Rpc<Req extends { id: number }, Rep> {
  private next = 1;
  private waiting = new Map<number, { resolve: (r: Rep) => void; reject: (e: Error) => void }>();
  readonly child: ChildProcess;

  constructor(child: ChildProcess, match: (m: unknown) => { id: number; rep: Rep } | null) {
    this.child = child;
    child.on('message', (m) => {
      const hit = match(m);
      if (!hit) return;
      this.waiting.get(hit.id)?.resolve(hit.rep);
      this.waiting.delete(hit.id);
    });
    child.on('exit', (code, sig) => {
      for (const w of this.waiting.values()) w.reject(new Error(`process exited (${code ?? sig}) during a request`));
      this.waiting.clear();
    });
  }

  request(body: Omit<Req, 'id'>): Promise<Rep> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...body, id });
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((r) => {
      this.child.once('exit', () => r());
      this.child.kill('SIGTERM');
    });
  }
}

function firstMessage<T>(child: ChildProcess, what: string, pick: (m: unknown) => T | null): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: unknown) => {
      const v = pick(m);
      if (v === null) return;
      child.off('message', onMsg);
      resolve(v);
    };
    child.on('message', onMsg);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
  });
}

export interface ServerHandle {
  kind: ServerKind | 'casino';
  port: number;
  /** A cluster's nodes, one port each (harness/nodes.ts); the load spreads its clients over them. */
  ports?: number[];
  stats(): Promise<ServerStats>;
  /** Stats after forced full collections. */
  gcStats(): Promise<ServerStats>;
  /** The ledger's conservation check (`ledger.check()`); rejects for servers without a ledger. */
  ledgerCheck(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startServer(kind: ServerKind | 'casino', pin: Pinned, extraArgs: string[] = [], env?: Record<string, string>): Promise<ServerHandle> {
  // PITBOSS_BENCH_CPU_PROF=<dir>: every server writes V8 CPU profiles there when it stops
  // (bench/flamegraph.ts draws them), one per thread: Node's default names carry the pid and
  // the thread id (…<pid>.0… is the main thread; the PGlite worker is another).
  const prof = process.env['PITBOSS_BENCH_CPU_PROF'];
  const profFlags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child = start(`${benchDir}servers/${kind}.ts`, ['--port', '0', ...extraArgs], pin, ['--expose-gc', ...profFlags], env);
  const rpc = new Rpc<{ id: number; cmd: 'stats' | 'gc' }, ServerStats>(child, (m) => {
    const msg = m as ServerMessage;
    return msg.type === 'reply' ? { id: msg.id, rep: msg.stats } : null;
  });
  // Its own id space: ids of the two channels never meet because replies carry their type.
  const ledger = new Rpc<{ id: number; cmd: 'ledger-check' }, { check: Record<string, unknown> | null; error?: string }>(child, (m) => {
    const msg = m as ServerMessage;
    return msg.type === 'ledger' ? { id: msg.id, rep: msg } : null;
  });
  const port = await firstMessage(child, `server ${kind}`, (m) => ((m as ServerMessage).type === 'ready' ? (m as { port: number }).port : null));
  return {
    kind, port, stats: () => rpc.request({ cmd: 'stats' }), gcStats: () => rpc.request({ cmd: 'gc' }), stop: () => rpc.stop(),
    ledgerCheck: async () => {
      const r = await ledger.request({ cmd: 'ledger-check' });
      if (r.check === null) throw new Error(`ledger check: ${r.error ?? 'no answer'}`);
      return r.check;
    },
  };
}

export type LoadRequest = LoadCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export interface LoadHandle {
  send(cmd: LoadRequest): Promise<LoadReply>;
  stop(): Promise<void>;
}

export async function startLoad(pin: Pinned): Promise<LoadHandle> {
  return startAgent('load/worker.ts', pin) as Promise<LoadHandle>;
}

/** A process driven like the load generator (one reply per command, `ok` or `error`), other than it: bench/pubsub/agent.ts. */
export interface AgentHandle {
  send(cmd: Record<string, unknown>): Promise<LoadReply>;
  stop(): Promise<void>;
}

/** Start `script` (relative to bench/) pinned; it says ready with `{id: 0}` and answers each command with its id. */
export async function startAgent(script: string, pin: Pinned): Promise<AgentHandle> {
  const child = start(`${benchDir}${script}`, [], pin, []);
  const rpc = new Rpc<{ id: number } & Record<string, unknown>, LoadReply>(child, (m) => {
    const r = m as LoadReply;
    return r.id > 0 ? { id: r.id, rep: r } : null;
  });
  await firstMessage(child, script, (m) => ((m as LoadReply).id === 0 ? true : null));
  return {
    send: async (cmd) => {
      const r = await rpc.request(cmd);
      if (!r.ok) throw new Error(`${script}: ${r.error}`);
      return r;
    },
    stop: () => rpc.stop(),
  };
}

/** Run a script to completion in a pinned process and return its stdout. */
export async function runScript(script: string, args: string[], pin: Pinned): Promise<string> {
  const [file, ...argv] = pin.cpus ? ['taskset', '-c', pin.cpus, process.execPath, `${benchDir}${script}`, ...args] : [process.execPath, `${benchDir}${script}`, ...args];
  const p = spawn(file, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => p.on('exit', r));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return out;
}
