// Staff accounts, passwords and sessions below the HTTP edge: the accounts table and its
// audit rows on both stores, scrypt hashes, and staff tokens that never pass for player
// tokens (nor the other way round).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/index.ts';
import { StaffAuth, Tokens, hashPassword, passwordProblem, randomSecret } from '../../src/casino/index.ts';
import { verifyPassword } from '../../src/casino/staff/passwords.ts';
import { PitbossError } from '../../src/errors.ts';

const PW = 'correct horse battery';

describe('Staff passwords', () => {
  it('hashes with scrypt, a salt of its own each time, and checks only the right password', async () => {
    const a = await hashPassword(PW);
    const b = await hashPassword(PW);
    assert.match(a, /^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword(PW, a), true);
    assert.equal(await verifyPassword(PW + ' ', a), false);
    assert.equal(await verifyPassword('', a), false);
  });

  it('refuses stored hashes it did not make or whose parameters are out of bounds', async () => {
    const good = await hashPassword(PW);
    const parts = good.split('$');
    for (const bad of ['', 'bcrypt$x', parts.with(1, String(2 ** 24)).join('$'), parts.with(1, '1000').join('$'), parts.with(5, 'AAAA').join('$')]) {
      assert.equal(await verifyPassword(PW, bad), false, bad);
    }
  });

  it('wants 12 to 256 characters', () => {
    assert.match(passwordProblem('short')!, /at least 12/);
    assert.match(passwordProblem('x'.repeat(257))!, /at most 256/);
    assert.equal(passwordProblem(PW), null);
  });
});

describe('Staff accounts', () => {
  forEachStore((ctx) => {
    const ledger = () => new Ledger(ctx.store);
    const lastAudit = async () => (await ctx.store.query<any>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1'))[0];

    it('adds an account with its role, audited without the hash, and refuses the name twice', async () => {
      const l = ledger();
      const a = await l.staff.add({ name: 'ann', role: 'administrator', passwordHash: await hashPassword(PW) }, 'cli:root');
      assert.deepEqual([a.name, a.role, a.createdBy, a.disabledAt], ['ann', 'administrator', 'cli:root', null]);
      assert.match(a.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const row = await lastAudit();
      assert.deepEqual([row.actor, row.action, row.subject, row.before, row.after], ['cli:root', 'staff_add', 'staff:ann', null, '{"name":"ann","role":"administrator"}']);
      await assert.rejects(l.staff.add({ name: 'ann', role: 'operator', passwordHash: 'x' }, 'cli:root'), /exists/);
      await assert.rejects(l.staff.add({ name: 'Ann!', role: 'operator', passwordHash: 'x' }, 'cli:root'), /staff name/);
      await assert.rejects(l.staff.add({ name: 'bob', role: 'king' as never, passwordHash: 'x' }, 'cli:root'), /role/);
    });

    it('disables an account once, audited with before and after', async () => {
      const l = ledger();
      await l.staff.add({ name: 'tom', role: 'technician', passwordHash: 'h' }, 'cli:root');
      const d = await l.staff.disable('tom', 'staff:ann');
      assert.equal(d.disabledBy, 'staff:ann');
      const row = await lastAudit();
      assert.deepEqual([row.actor, row.action, row.subject, row.before, row.after], ['staff:ann', 'staff_disable', 'staff:tom', '{"disabled":false}', '{"disabled":true}']);
      const seq = row.seq;
      await l.staff.disable('tom', 'staff:ann'); // already disabled: nothing more to audit
      assert.equal((await lastAudit()).seq, seq);
      await assert.rejects(l.staff.disable('nobody', 'staff:ann'), (e: unknown) => e instanceof PitbossError && e.reason === 'not_found');
      assert.deepEqual((await l.staff.list()).map((a) => [a.name, a.disabledAt !== null]), [['ann', false], ['tom', true]]);
      assert.equal((await l.verifyAudit()).ok, true);
    });
  });
});

describe('Staff sessions', () => {
  forEachStore((ctx) => {
    const secret = randomSecret();
    const auth = (ttlSeconds = 3600) => new StaffAuth({ secret, ttlSeconds, staff: new Ledger(ctx.store).staff });
    const unauthorized = (problem?: string) => (e: any) => e instanceof PitbossError && e.reason === 'unauthorized' && (problem === undefined || (e as { problem?: string }).problem === problem);

    it('signs in with the right password only, audits the sign-in, and names the account and role', async () => {
      const l = new Ledger(ctx.store);
      await l.staff.add({ name: 'olga', role: 'operator', passwordHash: await hashPassword(PW) }, 'cli:root');
      const { token, identity } = await auth().signIn('olga', PW, '10.0.0.9');
      assert.deepEqual([identity.name, identity.role], ['olga', 'operator']);
      assert.deepEqual({ ...(await auth().verify(token)) }, identity);
      const [row] = await ctx.store.query<any>("SELECT * FROM audit_log WHERE action = 'staff_sign_in' ORDER BY seq DESC LIMIT 1");
      assert.equal(row.actor, 'staff:olga');
      assert.equal(JSON.parse(row.after).ip, '10.0.0.9');
      assert.notEqual((await l.staff.get('olga'))!.lastSignIn, null);
      // A wrong password and an unknown name get the same answer.
      const wrong = await auth().signIn('olga', 'wrong password!', 'x').catch((e) => e);
      const unknown = await auth().signIn('nobody', PW, 'x').catch((e) => e);
      assert.ok(unauthorized()(wrong) && unauthorized()(unknown));
      assert.equal(wrong.message, unknown.message);
    });

    it('ends every session of a disabled account at its next request, and refuses its sign-in', async () => {
      const l = new Ledger(ctx.store);
      await l.staff.add({ name: 'dave', role: 'administrator', passwordHash: await hashPassword(PW) }, 'cli:root');
      const { token } = await auth().signIn('dave', PW, 'x');
      await l.staff.disable('dave', 'cli:root');
      await assert.rejects(auth().verify(token), unauthorized('token_invalid'));
      await assert.rejects(auth().signIn('dave', PW, 'x'), unauthorized());
    });

    it('refuses an expired session, a player token, and a token signed with another secret', async () => {
      const l = new Ledger(ctx.store);
      await l.staff.add({ name: 'eve', role: 'technician', passwordHash: await hashPassword(PW) }, 'cli:root');
      const { token: old } = await auth(-1).signIn('eve', PW, 'x');
      await assert.rejects(auth().verify(old), unauthorized('token_expired'));
      // A player token for a player named like the staff member, from the same secret.
      const player = await new Tokens({ secret, ttlSeconds: 600 }).issue({ playerId: 'eve', name: 'eve', roles: ['administrator'] });
      await assert.rejects(auth().verify(player), unauthorized('token_invalid'));
      const other = new StaffAuth({ secret: randomSecret(), ttlSeconds: 600, staff: l.staff });
      const { token: foreign } = await other.signIn('eve', PW, 'x');
      await assert.rejects(auth().verify(foreign), unauthorized('token_invalid'));
    });

    it('never lets a staff token pass as a player token', async () => {
      const l = new Ledger(ctx.store);
      await l.staff.add({ name: 'pat', role: 'operator', passwordHash: await hashPassword(PW) }, 'cli:root');
      const { token } = await auth().signIn('pat', PW, 'x');
      await assert.rejects(new Tokens({ secret, ttlSeconds: 600 }).verify(token), unauthorized('token_invalid'));
    });
  });
});
