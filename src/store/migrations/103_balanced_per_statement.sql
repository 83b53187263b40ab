-- The balance check of ledger transactions, once per INSERT statement instead of once
-- per row at COMMIT. Every writer (post.ts, rounds/instant.ts) inserts all entries of a
-- transaction in one statement, so the rows of each statement, grouped by transaction,
-- must be ≥ 2 entries summing to zero; a transaction is then balanced whatever else is
-- written. That is stricter than the deferred row trigger it replaces (a transaction
-- can no longer be written in unbalanced pieces) and far cheaper: it reads only the
-- statement's own rows (the transition table), never the growing ledger.
DROP TRIGGER ledger_entries_balanced ON ledger_entries;

CREATE FUNCTION pitboss_txs_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
  SELECT e.tx_id, count(*) AS n, sum(e.amount) AS s INTO bad
    FROM new_entries e
   GROUP BY e.tx_id
  HAVING count(*) < 2 OR sum(e.amount) <> 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced (% entries, sum %)', bad.tx_id, bad.n, bad.s USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION pitboss_txs_balanced();
