-- Leaderboards and tournaments. A scheduled reset starts a new period; old periods stay.
CREATE TABLE leaderboards (
  id                  text PRIMARY KEY,
  operator            text NOT NULL CHECK (operator IN ('best','set','incr','decr')),
  sort                text NOT NULL CHECK (sort IN ('asc','desc')),
  reset_every_seconds int CHECK (reset_every_seconds IS NULL OR reset_every_seconds > 0),
  start_at            timestamptz,
  end_at              timestamptz,
  max_entries         int CHECK (max_entries IS NULL OR max_entries > 0),
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE leaderboard_records (
  board_id   text NOT NULL REFERENCES leaderboards (id),
  period     bigint NOT NULL,
  owner_id   text NOT NULL,
  score      bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (board_id, period, owner_id)
);
CREATE INDEX leaderboard_records_rank ON leaderboard_records (board_id, period, score, updated_at);
