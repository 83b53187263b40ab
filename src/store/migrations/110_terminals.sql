-- Cabinets (terminals) of the hall and their credentials (docs/operations.md, "Terminals
-- and cash devices"). The secret is never stored: only its scrypt hash
-- (`scrypt$N$r$p$<salt b64url>$<hash b64url>`), so a copy of the database opens no
-- terminal socket. A terminal is disabled, never deleted: its ledger accounts
-- (terminal:<id>:<ccy>, external:drop/<id>:<ccy>) outlive it.
CREATE TABLE terminals (
  id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  location    text NOT NULL DEFAULT '',
  currency    text NOT NULL CHECK (currency ~ '^[A-Z][A-Z0-9_]{1,15}$'),
  secret_hash text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- A terminal's credit meter is an account of its own kind: money a cabinet took in cash
-- and holds for whoever plays at it. Not 'escrow': escrow owners with a '/' are table
-- chips, and the start-up sweep sends those to a player's wallet.
ALTER TABLE accounts DROP CONSTRAINT accounts_kind_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_kind_check
  CHECK (kind IN ('player','house','escrow','jackpot','promotion','external','terminal'));
