-- Staff accounts (docs/operations.md). The name is the id: it appears in the audit log as
-- the actor (`staff:<name>`), so an account is disabled, never deleted or renamed, and a
-- name is never given to someone else. The password is an scrypt hash with its own
-- parameters and salt (`scrypt$N$r$p$salt$hash`); the plain password is never stored.
CREATE TABLE staff (
  name          text PRIMARY KEY CHECK (name ~ '^[a-z0-9._-]{3,32}$'),
  role          text NOT NULL CHECK (role IN ('operator', 'administrator', 'technician')),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  disabled_at   timestamptz,
  disabled_by   text,
  last_sign_in  timestamptz,
  CHECK ((disabled_at IS NULL) = (disabled_by IS NULL))
);
