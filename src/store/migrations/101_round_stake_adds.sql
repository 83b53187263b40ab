-- Stakes added while a round is open: a blackjack double, split or insurance, another
-- roulette bet, a second baccarat wager. The first stake of a player stays in
-- round_stakes (with the balance before the round); later ones are appended here.
CREATE TABLE round_stake_adds (
  round_id   text NOT NULL REFERENCES rounds (id),
  seq        int NOT NULL,
  player_id  text NOT NULL,
  amount     bigint NOT NULL CHECK (amount > 0),
  bet        jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, seq)
);
CREATE INDEX round_stake_adds_player ON round_stake_adds (round_id, player_id);
CREATE TRIGGER round_stake_adds_append_only BEFORE UPDATE OR DELETE ON round_stake_adds
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();

-- What every reader of stakes uses: one row per player and round, the total staked.
CREATE VIEW round_player_stakes AS
  SELECT s.round_id, s.player_id, (s.amount + coalesce(a.added, 0))::bigint AS amount, s.bet, s.balance_before
  FROM round_stakes s
  LEFT JOIN (SELECT round_id, player_id, sum(amount) AS added FROM round_stake_adds GROUP BY round_id, player_id) a
    ON a.round_id = s.round_id AND a.player_id = s.player_id;
