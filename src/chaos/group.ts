// The node processes `pitboss chaos` works on: a `pitboss start --nodes N` group it starts
// itself, or one already running that it attaches to by the primary's pid. Either way the
// group's primary restarts a node that dies, under the same id; this module tells which
// process each node id is now and when it came up.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { Redis } from 'ioredis';

export interface NodeProc {
  id: string;
  pid: number;
  /** When this process of the node was seen up (Date.now()). */
  upAt: number;
}

/** Reads `/proc/<pid>/environ` (the caller's own processes only). */
function environ(pid: number): Map<string, string> {
  try {
    const text = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return new Map(text.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  } catch {
    return new Map();
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export class NodeGroup {
  readonly url: string;
  readonly nodes = new Map<string, NodeProc>();
  readonly #child: ChildProcess | null;
  readonly #tail: string[] = [];
  #exited: number | null | undefined;
  #poll: NodeJS.Timeout | null = null;
  readonly #waiters = new Set<() => void>();

  private constructor(url: string, child: ChildProcess | null) {
    this.url = url;
    this.#child = child;
  }

  /** Starts `pitboss start --nodes N` (cliMain: src/cli/main.ts) and resolves once every node is up. */
  static start(cliMain: string, nodes: number, env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<NodeGroup> {
    // Each restart is one of ours: the group's crash-loop guard must not stop the drill.
    const child = spawn(process.execPath, [cliMain, 'start', '--nodes', String(nodes), '--max-restarts', '100000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // The nodes' log (stdout) goes to the drill's log file with the group's own lines.
    let logBuf = '';
    child.stdout!.on('data', (d: Buffer) => {
      logBuf += d.toString();
      const nl = logBuf.lastIndexOf('\n');
      if (nl < 0) return;
      for (const line of logBuf.slice(0, nl).split('\n')) onLine(line);
      logBuf = logBuf.slice(nl + 1);
    });
    let group: NodeGroup | null = null;
    let buf = '';
    return new Promise((resolve, reject) => {
      const seen = new Map<string, number>();
      child.stderr!.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (group) group.#line(line);
          else {
            const up = /^node (\S+) \(pid (\d+)\) is up/.exec(line);
            if (up) seen.set(up[1]!, Number(up[2]));
            const all = /Pitboss is up on http:\/\/localhost:(\d+)/.exec(line);
            if (all) {
              group = new NodeGroup(`http://127.0.0.1:${all[1]}`, child);
              for (const [id, pid] of seen) group.nodes.set(id, { id, pid, upAt: Date.now() });
              resolve(group);
            }
          }
          onLine(line);
        }
      });
      child.on('exit', (code) => {
        if (group) {
          group.#exited = code;
          for (const w of group.#waiters) w();
        } else reject(new Error(`the node group exited (${code}) before it was up`));
      });
    });
  }

  /** A running group: its primary's pid, its URL; `redis`/`leaseKey` tell when a restarted node holds its lease again. */
  static attach(primary: number, url: string, redis: Redis, leaseKey: (id: string) => string): NodeGroup {
    const g = new NodeGroup(url, null);
    // A node's process is up once it holds a lease of its own: a new token, not the lease its
    // killed predecessor left behind (that one lapses only after the lease time).
    const tokens = new Map<string, string>();
    const scan = async () => {
      for (const pid of childrenOf(primary)) {
        const id = environ(pid).get('PITBOSS_NODE_ID');
        if (id === undefined || g.nodes.get(id)?.pid === pid) continue;
        const token = await redis.get(leaseKey(id));
        if (token === null || token === tokens.get(id)) continue;
        tokens.set(id, token);
        g.nodes.set(id, { id, pid, upAt: Date.now() });
        for (const w of g.#waiters) w();
      }
    };
    g.#poll = setInterval(() => void scan().catch(() => {}), 100);
    return g;
  }

  /** Tables the nodes said they crashed (table_crash_hook.ts), in order. */
  readonly crashedTables: string[] = [];
  /** SIGUSR2s a node answered with "no live table" (it had just restarted, say). */
  noTableToCrash = 0;

  #line(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > 200) this.#tail.shift();
    const crashed = /^chaos: crashing table (\S+)/.exec(line);
    if (crashed) this.crashedTables.push(crashed[1]!);
    if (/^chaos: no table to crash/.test(line)) this.noTableToCrash++;
    const up = /^node (\S+) \(pid (\d+)\) is up/.exec(line);
    if (up) {
      this.nodes.set(up[1]!, { id: up[1]!, pid: Number(up[2]), upAt: Date.now() });
      for (const w of this.#waiters) w();
    }
  }

  /** The group's primary gave up (own group only). */
  get exited(): boolean {
    return this.#exited !== undefined;
  }

  /** The last lines the group wrote (own group only). */
  tail(): string[] {
    return [...this.#tail];
  }

  /** Whether this node process takes SIGUSR2 as "crash a table" (PITBOSS_CHAOS_HOOKS=1): without it the signal would kill it. */
  hasHooks(pid: number): boolean {
    return environ(pid).get('PITBOSS_CHAOS_HOOKS') === '1';
  }

  /** Resolves with the node's new process once one other than `oldPid` is up; rejects after `ms`. */
  waitUp(id: string, oldPid: number, ms: number): Promise<NodeProc> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const n = this.nodes.get(id);
        if (n !== undefined && n.pid !== oldPid) return done(() => resolve(n));
        if (this.exited) return done(() => reject(new Error(`the node group exited while ${id} was restarting`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${id} did not come back within ${ms} ms`))), ms);
      const done = (f: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        f();
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Stops a group this tool started (SIGTERM: every node drains); resolves with its exit code. */
  async stop(): Promise<number | null> {
    if (this.#poll) clearInterval(this.#poll);
    const child = this.#child;
    if (child === null) return null;
    if (this.#exited !== undefined) return this.#exited;
    const gone = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      for (const n of this.nodes.values()) try { process.kill(n.pid, 'SIGKILL'); } catch { /* gone */ }
    }, 30_000);
    const code = await gone;
    clearTimeout(t);
    return code;
  }
}
