-- Hash-chained audit log. hash = sha256(canonical row incl. prev_hash); audit_head holds
-- the last seq/hash so appends serialise on one row lock and a deleted tail is detected.
CREATE TABLE audit_log (
  seq       bigint PRIMARY KEY,
  at        text NOT NULL,        -- ISO-8601 as hashed (text, so it round-trips byte for byte)
  actor     text NOT NULL,
  action    text NOT NULL,
  subject   text NOT NULL,
  before    text,                 -- canonical JSON, as hashed
  after     text,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION pitboss_append_only();

CREATE TABLE audit_head (
  id   int PRIMARY KEY CHECK (id = 1),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
