// Bounded retry of transactions that PostgreSQL aborted to keep them serializable:
// 40001 serialization_failure and 40P01 deadlock_detected. Any other error is final.
const RETRYABLE = new Set(['40001', '40P01']);

export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

export async function withRetry<T>(attempt: () => Promise<T>, retries = 5): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryable(err) || i >= retries) throw err;
      // Jittered backoff so two deadlocked transactions do not collide again in lockstep.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * 2 ** i));
    }
  }
}
