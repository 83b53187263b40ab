-- Availability of the hall's components (docs/operations.md, "Availability"): each row is a
-- span during which a component (server:<node>, database, redis, terminal:<id>) was seen
-- up or down. The recorder extends the open span at every probe, so a span ends where the
-- last probe saw it; time no span covers (the server was not running) counts as down.
CREATE TABLE availability_spans (
  id        bigserial PRIMARY KEY,
  component text NOT NULL CHECK (length(component) BETWEEN 1 AND 200),
  up        boolean NOT NULL,
  since     timestamptz NOT NULL,
  until     timestamptz NOT NULL CHECK (until >= since)
);
CREATE INDEX availability_spans_until ON availability_spans (until);
CREATE INDEX availability_spans_component ON availability_spans (component, since);
