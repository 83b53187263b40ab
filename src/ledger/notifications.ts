// Outbox of notices for players (e.g. "your interrupted round was refunded"). Written in
// the same transaction as the event they describe, so a notice exists iff the event
// happened; the player channel drains and pushes them.
import type { Store, Tx } from '../store/types.ts';

export interface Notification {
  id: number;
  playerId: string;
  kind: string;
  body: Record<string, unknown>;
  createdAt: Date;
}

export async function notifyTx(tx: Tx, playerId: string, kind: string, body: Record<string, unknown>): Promise<void> {
  await tx.query('INSERT INTO notifications (player_id, kind, body) VALUES ($1, $2, $3)', [playerId, kind, JSON.stringify(body)]);
}

type NotificationRow = { id: number; player_id: string; kind: string; body: Record<string, unknown>; created_at: Date };

/**
 * Marks up to `limit` undelivered notices delivered and returns them (oldest first).
 * SKIP LOCKED lets several nodes drain at once without handing out a notice twice.
 */
export async function drainNotifications(store: Store, opts: { playerId?: string; limit?: number } = {}): Promise<Notification[]> {
  const rows = await store.transaction((tx) =>
    tx.query<NotificationRow>(
      `UPDATE notifications SET delivered_at = now() WHERE id IN (
         SELECT id FROM notifications WHERE delivered_at IS NULL AND ($1::text IS NULL OR player_id = $1)
         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, player_id, kind, body, created_at`,
      [opts.playerId ?? null, opts.limit ?? 100]));
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => ({ id: r.id, playerId: r.player_id, kind: r.kind, body: r.body, createdAt: r.created_at }));
}
