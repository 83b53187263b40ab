// Stopping one child the OTP way: unlink (so its exit does not also arrive as an EXIT message
// to the supervisor), send 'shutdown', and kill it if it has not died within its timeout.
// Waits through an exit observer, not the mailbox: the supervisor is busy in a handler or in
// terminate while it waits, so it cannot receive messages.
import type { Pid } from './pid.ts';
import { procOf } from './pid.ts';
import { currentCore } from './context.ts';
import { unlink } from './links.ts';
import { exit, whenExited } from './messaging.ts';
import type { ExitReason } from './reasons.ts';
import type { Shutdown } from './child_spec.ts';

export async function shutdownChild(pid: Pid, shutdown: Shutdown): Promise<ExitReason> {
  const me = currentCore();
  const core = procOf(pid);
  if (me !== undefined) unlink(me, core);
  if (core.phase === 'dead') return 'noproc';
  const dead = whenExited(pid);
  if (shutdown === 'brutal_kill') {
    exit(pid, 'kill');
    return dead;
  }
  exit(pid, 'shutdown');
  if (shutdown === Infinity) return dead;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, shutdown, 'timeout')));
  const first = await Promise.race([dead, timedOut]);
  clearTimeout(timer);
  if (first !== 'timeout') return first;
  exit(pid, 'kill');
  return dead;
}
