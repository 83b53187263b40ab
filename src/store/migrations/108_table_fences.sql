-- Cluster mode (issue 11): which node may write a table's rounds. A node claims a table in
-- Redis under its lease's fencing token (src/cluster/table_claims.ts), then records the
-- claim here; from then on every write of a round header of that table (open, settle, an
-- instant round, a further stake) must carry that token, checked in the writing
-- transaction. A node presumed dead whose tables moved writes with its old token and is
-- refused (SQLSTATE PB409), so it can never settle a round after its tables moved.
-- A single node never claims: tables without a row here are not fenced.
-- (108, not 107: another change was taking 107 at the same time.)
CREATE TABLE table_fences (
  table_id   text PRIMARY KEY,
  node_id    text NOT NULL,
  token      bigint NOT NULL CHECK (token > 0),
  claimed_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE rounds ADD COLUMN fence bigint;

-- FOR SHARE: a claim (an UPDATE of the row) waits for writes that already passed the check
-- to commit, and writes after the claim see its token — the check and the claim are ordered.
CREATE FUNCTION pitboss_fence_assert(t text, f bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE held bigint;
BEGIN
  SELECT token INTO held FROM table_fences WHERE table_id = t FOR SHARE;
  IF FOUND AND f IS DISTINCT FROM held THEN
    RAISE EXCEPTION 'table % is held under fencing token %; this write carries %', t, held, coalesce(f::text, 'none')
      USING ERRCODE = 'PB409';
  END IF;
END $$;

CREATE FUNCTION pitboss_rounds_fenced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pitboss_fence_assert(NEW.table_id, NEW.fence);
  RETURN NEW;
END $$;

CREATE TRIGGER rounds_fenced BEFORE INSERT OR UPDATE ON rounds
  FOR EACH ROW EXECUTE FUNCTION pitboss_rounds_fenced();
