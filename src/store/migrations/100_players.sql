-- Players known to this casino (guests and operator-issued identities). Money is never
-- here: balances live in the ledger under player:<id>:<currency>.
CREATE TABLE players (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('guest', 'operator')),
  created_at timestamptz NOT NULL DEFAULT now()
);
