-- A stake may come from an account other than the player's wallet: hold'em chips bought
-- in at a table live in escrow:<table>/<player>, and a hand's pots are paid back there.
-- NULL keeps the default, the player's wallet.
ALTER TABLE round_stakes ADD COLUMN account text;

CREATE OR REPLACE VIEW round_player_stakes AS
  SELECT s.round_id, s.player_id, (s.amount + coalesce(a.added, 0))::bigint AS amount, s.bet, s.balance_before, s.account
  FROM round_stakes s
  LEFT JOIN (SELECT round_id, player_id, sum(amount) AS added FROM round_stake_adds GROUP BY round_id, player_id) a
    ON a.round_id = s.round_id AND a.player_id = s.player_id;
