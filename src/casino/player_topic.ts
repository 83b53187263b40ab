// What goes on a player's own topic (player:<id>) apart from the channel that serves it:
// the topic's name and the delivery of waiting notices. Both the player channel (on join)
// and the table process (tables/notices.ts) publish there; the table process must not
// load a channel module, so what they share lives here.
import type { Ledger } from '../ledger/index.ts';
import type { JsonObject } from '../wire/index.ts';

export const playerTopic = (playerId: string): string => `player:${playerId}`;

/** Pushes the player's undelivered notices on their topic (a no-op when nobody listens). */
export async function deliverNotices(ledger: Ledger, broadcast: (topic: string, event: string, payload: JsonObject) => Promise<void>, playerId: string): Promise<number> {
  const notes = await ledger.drainNotifications({ playerId });
  for (const n of notes) {
    const text = typeof n.body['text'] === 'string' ? (n.body['text'] as string) : n.kind;
    await broadcast(playerTopic(playerId), 'notice', { kind: n.kind, text, ...n.body } as JsonObject);
  }
  return notes.length;
}
