// The hall's runtime configuration for staff (docs/operations.md, "Configuration"): read it
// with its version and the tables still waiting to take it, change a game's limits or
// paytable and a jackpot's contribution rate (administrators only: the route table), read
// the history of changes, and list terminals with the version they acknowledged and
// whether they lag. Each change is stored as a new version and audited with before and
// after in one transaction (ledger/hall_config.ts); tables take it from their next round.
import { z } from 'zod';
import { JackpotPatch, terminalLag, type ConfigBook, type Terminal, type TerminalMonitor } from '../../casino/index.ts';
import { MAX_CONFIG_HISTORY, staffActor } from '../../ledger/index.ts';
import { PitbossError } from '../../errors.ts';
import { parseOrRefuse } from '../../parse.ts';
import type { AdminDeps } from './deps.ts';
import type { AdminHandler } from './routes.ts';

/** What the configuration routes are given (src/main.ts). */
export interface HallConfigDeps {
  book: ConfigBook;
  /** every registered terminal (the terminals table) */
  terminals: () => Promise<Terminal[]>;
  /** this node's view of terminal links (online, offline, hung) */
  monitor?: Pick<TerminalMonitor, 'status'>;
}

const Game = z.strictObject({ game: z.string().regex(/^[a-z]{1,32}$/, 'a game is 1 to 32 of a-z') });
const Pool = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a pool id is 1 to 64 of A-Z a-z 0-9 _ . : -') });
const History = z.strictObject({
  scope: z.string().regex(/^(game|jackpot):[A-Za-z0-9_.-]{1,64}$/, 'scope is game:<id> or jackpot:<id>').optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CONFIG_HISTORY).default(100),
});

type Keys = 'GET /api/admin/config' | 'PUT /api/admin/config/games/:game' | 'PUT /api/admin/config/jackpots/:id' | 'GET /api/admin/config/history' | 'GET /api/admin/config/terminals';

export function configHandlers(deps: AdminDeps): Record<Keys, AdminHandler> {
  const hall = (): HallConfigDeps => {
    if (!deps.hallConfig) throw new PitbossError('unavailable', 'this server has no runtime configuration');
    return deps.hallConfig;
  };
  return {
    'GET /api/admin/config': async () => ({ ...hall().book.view(), tables: deps.tables.configCensus() }),
    'PUT /api/admin/config/games/:game': async ({ req, staff }) => {
      const { game } = parseOrRefuse(Game, req.params);
      const c = await hall().book.changeGame(game, req.body ?? {}, staffActor(staff.name));
      return { version: c.version, game, before: c.before, after: c.after, tables: deps.tables.configCensus().by_game[game] ?? { tables: 0, pending: 0 } };
    },
    'PUT /api/admin/config/jackpots/:id': async ({ req, staff }) => {
      const { id } = parseOrRefuse(Pool, req.params);
      const body = parseOrRefuse(JackpotPatch, req.body ?? {});
      const c = await hall().book.changeJackpot(id, body.contribution_bps, staffActor(staff.name));
      return { version: c.version, pool: id, before: c.before, after: c.after };
    },
    'GET /api/admin/config/history': async ({ req }) => {
      const q = parseOrRefuse(History, req.query ?? {});
      const rows = await deps.ledger.configs.history(q);
      return { rows, next: rows.length === q.limit ? rows.at(-1)!.version : null };
    },
    'GET /api/admin/config/terminals': async () => {
      const h = hall();
      const lag = terminalLag(h.book.view().version, await deps.ledger.configs.acks(), await h.terminals());
      return { ...lag, terminals: lag.terminals.map((t) => ({ ...t, status: h.monitor?.status(t.id) ?? null })) };
    },
  };
}
