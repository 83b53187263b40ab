-- Double-entry wallet. accounts.balance is a cache of the sum of the account's entries,
-- updated in the same transaction that inserts them; ledger_check compares the two.
CREATE TABLE accounts (
  id         text PRIMARY KEY,            -- '<kind>:<owner>:<currency>'
  kind       text NOT NULL CHECK (kind IN ('player','house','escrow','jackpot','promotion','external')),
  owner      text NOT NULL,
  currency   text NOT NULL CHECK (currency ~ '^[A-Z][A-Z0-9_]{1,15}$'),
  balance    bigint NOT NULL DEFAULT 0,
  overdraft  boolean NOT NULL DEFAULT false,   -- only the money source (external) and house
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The last line of defence: the application checks first and raises insufficient_funds.
  CONSTRAINT balance_not_negative CHECK (balance >= 0 OR overdraft)
);

CREATE TABLE ledger_transactions (
  id           bigserial PRIMARY KEY,
  idem_key     text NOT NULL UNIQUE,
  request_hash text NOT NULL,
  kind         text NOT NULL,
  currency     text NOT NULL,
  round_id     text,
  memo         jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_transactions_round ON ledger_transactions (round_id) WHERE round_id IS NOT NULL;

CREATE TABLE ledger_entries (
  id            bigserial PRIMARY KEY,
  tx_id         bigint NOT NULL REFERENCES ledger_transactions (id),
  account_id    text NOT NULL REFERENCES accounts (id),
  amount        bigint NOT NULL CHECK (amount <> 0),
  balance_after bigint NOT NULL
);
CREATE INDEX ledger_entries_tx ON ledger_entries (tx_id);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id);

-- Append-only: corrections are new transactions, never edits.
CREATE FUNCTION pitboss_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();

-- Checked at COMMIT: every transaction has at least two entries and sums to zero.
CREATE FUNCTION pitboss_tx_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s numeric; n int;
BEGIN
  SELECT coalesce(sum(amount), 0), count(*) INTO s, n FROM ledger_entries WHERE tx_id = NEW.tx_id;
  IF n < 2 OR s <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced (% entries, sum %)', NEW.tx_id, n, s USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pitboss_tx_balanced();
