-- Staff sessions signed out before they expired (docs/operations.md, "Signing in and
-- sessions"). A staff token carries a random session id (`jti`); signing out records it
-- here until the token's own expiry, and every request's check refuses a recorded id.
-- Rows past their expiry prove nothing (the token is refused as expired anyway) and are
-- deleted by later sign-outs.
CREATE TABLE staff_signed_out (
  session_id  text PRIMARY KEY CHECK (length(session_id) BETWEEN 16 AND 64),
  name        text NOT NULL REFERENCES staff (name),
  expires_at  timestamptz NOT NULL,
  signed_out  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_signed_out_expires ON staff_signed_out (expires_at);
