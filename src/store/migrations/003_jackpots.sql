-- Progressive jackpot pools. The meter is the balance of account 'jackpot:<id>:<ccy>';
-- contributions above the ceiling go to 'jackpot:<id>.overflow:<ccy>' and fund the next seed.
CREATE TABLE jackpot_pools (
  id               text PRIMARY KEY,
  currency         text NOT NULL,
  contribution_bps int NOT NULL CHECK (contribution_bps BETWEEN 0 AND 10000),
  seed             bigint NOT NULL CHECK (seed >= 0),
  ceiling          bigint CHECK (ceiling IS NULL OR ceiling >= seed),
  must_hit_by      bigint CHECK (must_hit_by IS NULL OR must_hit_by > seed),
  cycle            int NOT NULL DEFAULT 1,   -- bumped by each award; a hit names the cycle it won
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- One row per won cycle: the primary key makes a second award of the same cycle impossible.
CREATE TABLE jackpot_awards (
  pool_id   text NOT NULL REFERENCES jackpot_pools (id),
  cycle     int NOT NULL,
  player_id text NOT NULL,
  round_id  text,
  amount    bigint NOT NULL,
  tx_id     bigint,              -- null when the meter was empty and nothing moved
  at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pool_id, cycle)
);
CREATE TRIGGER jackpot_awards_append_only BEFORE UPDATE OR DELETE ON jackpot_awards
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();
