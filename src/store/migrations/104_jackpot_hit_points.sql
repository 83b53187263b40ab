-- A must-hit-by pool hits at a secret point drawn at each reset (CSPRNG, uniform on
-- [lo, hi] — the reset value and must-hit-by), not at must-hit-by itself, which anyone
-- watching the meter could snipe. Each draw is kept here; only its commitment
-- SHA-256('<hit_point>:<salt>') is published until the cycle is won, then hit point and
-- salt are revealed with the award. Rows are never changed: the history of commitments
-- is what players verify against.
CREATE TABLE jackpot_draws (
  pool_id    text NOT NULL REFERENCES jackpot_pools (id),
  cycle      int NOT NULL,
  draw       int NOT NULL,          -- 1 at the reset; a rules change during the cycle draws again
  lo         bigint NOT NULL,
  hi         bigint NOT NULL,
  hit_point  bigint NOT NULL,       -- secret until the cycle is won
  salt       text NOT NULL,         -- secret until the cycle is won
  commitment text NOT NULL,         -- published from the moment of the draw
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pool_id, cycle, draw),
  CHECK (lo <= hit_point AND hit_point <= hi)
);
CREATE TRIGGER jackpot_draws_append_only BEFORE UPDATE OR DELETE ON jackpot_draws
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();

-- The draw in force, on the pool row every contribution already locks (the hot path
-- reads no other table). A pool created before this migration draws at the next start.
ALTER TABLE jackpot_pools ADD COLUMN hit_point bigint, ADD COLUMN draw int;

-- Which draw an award paid (null for a pool without must-hit-by): its reveal.
ALTER TABLE jackpot_awards ADD COLUMN draw int;
