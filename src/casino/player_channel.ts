// `player:<id>`: a player's private channel — only that player may join. It carries
// `balance` {balance, delta, reason} after every money movement at a table, and `notice`
// {kind, text} (e.g. a round resolved after an interruption). Notices wait in the ledger's
// outbox until a channel of the player is there to take them. `cash_out_chips` brings the
// player's hold'em chips home from every table where they hold no seat. It also holds the
// player's seed pair (tables/seeds.ts): read it, set the client seed, rotate — a rotation
// reveals the retired server seed here, to its player.
import { Channel, type ChannelSocket, type JsonObject } from '../wire/index.ts';
import { send, type Pid } from '../runtime/index.ts';
import { z } from 'zod';
import { PitbossError } from '../errors.ts';
import { parseOrRefuse as parse } from '../parse.ts';
import type { Ledger, PairInfo, Rotation } from '../ledger/index.ts';
import type { TableManager } from './tables/manager.ts';
import type { PlayerAssigns } from './socket_auth.ts';
import { CURRENCY } from './currency.ts';
import { deliverNotices } from './player_topic.ts';
import { playerSeedOwner } from './tables/seeds.ts';
import { ipKey, type Limits } from './limits/index.ts';

// Printable ASCII: a client seed is typed, pasted and shown back to its player.
const ClientSeed = z.object({ client_seed: z.string().regex(/^[\x20-\x7e]{1,64}$/, 'client_seed is 1 to 64 printable ASCII characters') }).strict();

const pairView = (p: PairInfo): JsonObject => ({ server_seed_hash: p.serverSeedHash, client_seed: p.clientSeed, nonce: p.nonce });
const rotationView = (r: Rotation): JsonObject => ({
  retired: { server_seed: r.retired.serverSeed, server_seed_hash: r.retired.serverSeedHash, client_seed: r.retired.clientSeed, rounds: r.retired.rounds },
  current: pairView(r.current),
});

const Empty = z.object({}).strict();

export function playerChannel(deps: { ledger: Ledger; limits?: Limits; tables?: TableManager; tracker?: { track(kind: string, pid: unknown, meta: JsonObject): void } }) {
  return class PlayerChannel extends Channel<PlayerAssigns> {
    async join(topic: string, _payload: JsonObject, socket: ChannelSocket<PlayerAssigns>): Promise<JsonObject> {
      const id = topic.slice('player:'.length);
      await deps.limits?.take('join', ipKey(socket.assigns.ip));
      if (id !== socket.assigns.playerId) throw new PitbossError('forbidden', 'a player channel is its own player’s only');
      deps.tracker?.track('player_channel', socket.pid, { player_id: id });
      // After the join reply has gone out, hand over what waited in the outbox.
      send(socket.pid as Pid, { type: 'drain' });
      return { balance: await deps.ledger.wallet.playerBalance(id, CURRENCY) };
    }

    override async handleIn(event: string, payload: JsonObject, socket: ChannelSocket<PlayerAssigns>): Promise<unknown> {
      await deps.limits?.take('read', socket.assigns.playerId);
      const id = socket.assigns.playerId;
      const owner = playerSeedOwner(id);
      switch (event) {
        case 'balance':
          parse(Empty, payload);
          return { balance: await deps.ledger.wallet.playerBalance(id, CURRENCY) };
        case 'cash_out_chips': {
          parse(Empty, payload);
          if (!deps.tables) break;
          const returned = await deps.tables.returnChips(id);
          return { returned: returned.map((r) => ({ table_id: r.tableId, amount: r.amount })), balance: await deps.ledger.wallet.playerBalance(id, CURRENCY) };
        }
        case 'seed_pair':
          parse(Empty, payload);
          return pairView(await deps.ledger.seeds.info(owner));
        case 'set_client_seed': {
          const { client_seed } = parse(ClientSeed, payload);
          await deps.limits?.take('action', id);
          return rotationView(await deps.ledger.seeds.rotate(owner, client_seed));
        }
        case 'rotate_seed':
          parse(Empty, payload);
          await deps.limits?.take('action', id);
          return rotationView(await deps.ledger.seeds.rotate(owner));
      }
      throw new PitbossError('unknown_event', `the player channel does not handle "${event}"`, { event });
    }

    override async handleInfo(msg: unknown, socket: ChannelSocket<PlayerAssigns>): Promise<void> {
      if ((msg as { type?: string }).type !== 'drain') return;
      await deliverNotices(deps.ledger, (topic, event, payload) => socket.broadcastTo(topic, event, payload), socket.assigns.playerId);
    }
  };
}
