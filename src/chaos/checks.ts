// What `pitboss chaos` requires at the end, read from the cluster's PostgreSQL database:
// the ledger sums to zero and is consistent (`pitboss ledger check`), the audit chain is
// whole (`pitboss audit verify`), no round is open, and each bot holds what it started
// with plus the net of its settled rounds — in its wallet and in chips still at a table
// (escrow:<table>/<player>, which a hold'em stack is until the seat is left).
import { checkLedger, type LedgerCheckDetail } from '../ledger/check.ts';
import { verifyAudit } from '../ledger/audit.ts';
import { openStore } from '../store/open.ts';

export interface PlayerStart {
  playerId: string;
  name: string;
  balance: number;
}

export interface Checks {
  ledger: LedgerCheckDetail;
  audit: { ok: boolean; rows: number; problems: number };
  /** Players whose holdings differ from start + net of settled rounds. */
  mismatches: Array<{ name: string; holds: number; expected: number }>;
  players: number;
  ok: boolean;
}

export async function runChecks(databaseUrl: string, players: readonly PlayerStart[]): Promise<Checks> {
  const store = await openStore({ kind: 'postgres', url: databaseUrl }, { migrate: false });
  try {
    const ledger = await checkLedger(store);
    const v = await verifyAudit(store);
    const mismatches: Checks['mismatches'] = [];
    for (const p of players) {
      const [row] = await store.query<{ holds: string; net: string }>(
        `SELECT (SELECT coalesce(sum(balance), 0) FROM accounts
                  WHERE id = 'player:' || $1 || ':PLAY' OR (kind = 'escrow' AND owner LIKE '%/' || $1))::text AS holds,
                (SELECT coalesce(sum(payout - stake), 0) FROM round_results WHERE player_id = $1)::text AS net`, [p.playerId]);
      const holds = Number(row!.holds);
      const expected = p.balance + Number(row!.net);
      if (holds !== expected) mismatches.push({ name: p.name, holds, expected });
    }
    const audit = { ok: v.ok, rows: v.rows, problems: v.problems.length };
    const ok = ledger.ok && ledger.sum === 0 && ledger.open_rounds === 0 && audit.ok && mismatches.length === 0;
    return { ledger, audit, mismatches, players: players.length, ok };
  } finally {
    await store.close();
  }
}
