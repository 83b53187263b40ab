-- Round journal. The header row moves open → settled once; everything else is appended.
CREATE TABLE rounds (
  id               text PRIMARY KEY,
  game             text NOT NULL,
  table_id         text NOT NULL,
  rules_version    text NOT NULL,
  currency         text NOT NULL,
  node_id          text NOT NULL,
  server_seed_hash text NOT NULL,
  server_seed      text NOT NULL,      -- stored at open, revealed only once settled
  client_seed      text NOT NULL,
  nonce            bigint NOT NULL,
  jackpot_pool     text,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open','settled')),
  resolution       text CHECK (resolution IN ('normal','completed','refunded','best_of')),
  outcome          jsonb,
  opened_at        timestamptz NOT NULL DEFAULT now(),
  settled_at       timestamptz
);
CREATE INDEX rounds_open ON rounds (node_id) WHERE status = 'open';

CREATE TABLE round_stakes (
  round_id       text NOT NULL REFERENCES rounds (id),
  player_id      text NOT NULL,
  amount         bigint NOT NULL CHECK (amount > 0),
  bet            jsonb NOT NULL DEFAULT '{}',
  balance_before bigint NOT NULL,
  PRIMARY KEY (round_id, player_id)
);
CREATE INDEX round_stakes_player ON round_stakes (player_id);

CREATE TABLE round_actions (
  round_id   text NOT NULL REFERENCES rounds (id),
  seq        int NOT NULL,
  action     jsonb NOT NULL,
  events     jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, seq)
);

-- Written as soon as the game has determined the outcome: recovery completes such a round.
CREATE TABLE round_outcomes (
  round_id   text PRIMARY KEY REFERENCES rounds (id),
  outcome    jsonb NOT NULL,
  payouts    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE round_results (
  round_id       text NOT NULL REFERENCES rounds (id),
  player_id      text NOT NULL,
  stake          bigint NOT NULL,
  payout         bigint NOT NULL,
  balance_before bigint NOT NULL,
  balance_after  bigint NOT NULL,
  PRIMARY KEY (round_id, player_id)
);

CREATE TRIGGER round_stakes_append_only BEFORE UPDATE OR DELETE ON round_stakes
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER round_actions_append_only BEFORE UPDATE OR DELETE ON round_actions
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER round_outcomes_append_only BEFORE UPDATE OR DELETE ON round_outcomes
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
CREATE TRIGGER round_results_append_only BEFORE UPDATE OR DELETE ON round_results
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();

-- Outbox of player notices (e.g. round_resolved after a crash); the player channel drains it.
CREATE TABLE notifications (
  id           bigserial PRIMARY KEY,
  player_id    text NOT NULL,
  kind         text NOT NULL,
  body         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX notifications_pending ON notifications (id) WHERE delivered_at IS NULL;
