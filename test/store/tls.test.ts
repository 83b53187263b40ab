// An encrypted link to PostgreSQL is asked for in DATABASE_URL (`sslmode`, `sslrootcert`:
// the driver's own parameters, docs/cluster.md). Asked for, it is never quietly dropped:
// against a server that speaks no TLS (this machine's), the open fails with the server's
// refusal instead of falling back to a plain connection.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PostgresStore } from '../../src/store/postgres.ts';
import { PG_URL as BASE } from './backends.ts';

describe('PostgreSQL links asked to be encrypted', () => {
  it('sslmode=require against a server without TLS refuses to open, with no plain fallback', async () => {
    await assert.rejects(PostgresStore.open({ url: `${BASE}?sslmode=require` }), /does not support SSL/);
  });

  it('sslmode=disable opens the same server (the refusal above is the TLS demand, not the address)', async () => {
    const s = await PostgresStore.open({ url: `${BASE}?sslmode=disable` });
    try {
      assert.deepEqual(await s.query('SELECT 1 AS one'), [{ one: 1 }]);
    } finally {
      await s.close();
    }
  });
});
