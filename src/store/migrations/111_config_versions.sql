-- The hall's runtime configuration (docs/operations.md, "Configuration"): table limits and
-- paytable choice per game, jackpot contribution rates. Every change is a new row with a
-- new version — one sequence for the whole hall, so "the configuration version" a terminal
-- runs is one number — and who made it and when; rows are never updated or deleted, so the
-- history is the table itself. config_head holds the last version (one row, locked
-- FOR UPDATE) so two changes never take the same number. The audit chain keeps each
-- change's before and after beside it, in the same transaction.
CREATE TABLE config_versions (
  version bigint PRIMARY KEY CHECK (version > 0),
  scope   text NOT NULL CHECK (scope ~ '^(game|jackpot):[A-Za-z0-9_.-]{1,64}$'),
  value   jsonb NOT NULL,
  actor   text NOT NULL,
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX config_versions_scope ON config_versions (scope, version DESC);
CREATE TRIGGER config_versions_append_only BEFORE UPDATE OR DELETE ON config_versions
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();

CREATE TABLE config_head (
  id      int PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO config_head (id, version) VALUES (1, 0);

-- The configuration version each terminal last said it runs (its `config_ack`). Kept in
-- the database, not in a node's memory, so every node's admin API lists the same lag.
CREATE TABLE terminal_config_acks (
  terminal_id text PRIMARY KEY REFERENCES terminals (id),
  version     bigint NOT NULL CHECK (version >= 0),
  acked_at    timestamptz NOT NULL DEFAULT now()
);
