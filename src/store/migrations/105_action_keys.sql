-- Idempotency keys of table actions (docs/ledger.md, "Action keys"). A player's key names
-- one action wherever it is sent; the reply the client got is kept here, so the same key
-- answers the same after a table crash, a server restart or a cache eviction. A row whose
-- reply is NULL is a claim: the action is running, or was interrupted before it answered.
-- Not money: rows are updated once (the reply) and deleted (a refused action frees its
-- key; rows older than the TTL, 24 h by default, are pruned through the created_at index).
CREATE TABLE action_keys (
  player_id  text NOT NULL,
  key        text NOT NULL,
  table_id   text NOT NULL,
  reply      jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (player_id, key)
);
CREATE INDEX action_keys_created_at ON action_keys (created_at);
