// Node processes for cluster tests: `pitboss start` children with a clean environment,
// resolved once they print their address; and the cluster's listing as a node serves it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Node {
  id: string;
  child: ChildProcess;
  port: number;
  url: string;
  /** what the process wrote to stderr so far */
  stderr(): string;
}

/** The test runner's environment without any Pitboss settings, then `env`. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PITBOSS_|DATABASE_URL$|REDIS_URL$|NODE_ENV$|PORT$|HOST$|LOG_LEVEL$)/.test(k)) out[k] = v;
  return { ...out, ...env };
}

export function startNode(main: string, id: string, env: Record<string, string>): Promise<Node> {
  const child = spawn(process.execPath, [main, 'start'], { env: cleanEnv({ ...env, PITBOSS_NODE_ID: id }), stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /Pitboss is up on http:\/\/localhost:(\d+)/.exec(err);
      if (m) resolve({ id, child, port: Number(m[1]), url: `http://127.0.0.1:${m[1]}`, stderr: () => err });
    });
    child.on('exit', (code, signal) => reject(new Error(`${id} exited (${code ?? signal}): ${err}`)));
  });
}

export const listing = async (n: { url: string }): Promise<Array<{ id: string; node: string; game: string; players: number }>> =>
  ((await (await fetch(`${n.url}/api/tables?limit=200`)).json()) as { tables: Array<{ id: string; node: string; game: string; players: number }> }).tables;
