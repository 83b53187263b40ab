-- Seed pairs (docs/game-math.md, "Seed pairs"). A player's pair draws every round of
-- that player's single-player tables: the server seed stays secret while the pair is in
-- use (its hash is public), the client seed is the player's, and a round's nonce counts
-- the rounds recorded under the pair (0, 1, 2, …: the unique index below). Retiring the
-- pair (rotation) reveals its server seed. A shared table's pair holds the table's client
-- seed and counts its rounds; each of its rounds draws a server seed of its own.
CREATE TABLE seed_pairs (
  id               text PRIMARY KEY,
  owner            text NOT NULL,      -- 'player:<id>' or 'table:<id>'
  server_seed      text,               -- player pairs: secret until retired; table pairs: NULL
  server_seed_hash text,
  client_seed      text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  retired_at       timestamptz,
  CHECK ((server_seed IS NULL) = (server_seed_hash IS NULL))
);
CREATE UNIQUE INDEX seed_pairs_current ON seed_pairs (owner) WHERE retired_at IS NULL;

-- The pair a round was drawn under, and when its server seed may be shown: once settled
-- (a seed of its own), once its pair is retired, or never (hold'em: its cards are opened
-- one by one against a commitment instead).
ALTER TABLE rounds ADD COLUMN seed_pair text REFERENCES seed_pairs (id);
ALTER TABLE rounds ADD COLUMN seed_reveal text NOT NULL DEFAULT 'settled' CHECK (seed_reveal IN ('settled', 'retired', 'never'));
CREATE UNIQUE INDEX rounds_seed_pair_nonce ON rounds (seed_pair, nonce) WHERE seed_pair IS NOT NULL;
