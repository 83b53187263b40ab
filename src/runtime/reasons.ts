// Exit reasons, as in OTP. 'normal' and the shutdown family are "clean" exits: links ignore
// 'normal', and transient children are not restarted after any of them. A crash's reason is
// the thrown value (normally an Error). A process hit by exit(pid, 'kill') dies with
// 'killed', so the untrappable kill does not cascade through links as another kill.
export type ExitReason = 'normal' | 'shutdown' | 'kill' | 'killed' | 'noproc' | { shutdown: unknown } | unknown;

export function isShutdown(reason: ExitReason): boolean {
  return reason === 'shutdown' ||
    (typeof reason === 'object' && reason !== null && !(reason instanceof Error) && 'shutdown' in reason);
}

/** True for the reasons after which a transient child stays down. */
export function isCleanExit(reason: ExitReason): boolean {
  return reason === 'normal' || isShutdown(reason);
}

export function describeReason(reason: ExitReason): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  if (typeof reason === 'string') return reason;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}
