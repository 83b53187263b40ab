// The terminal's outbox and its storages: order kept, every change saved before the call
// returns, a saved outbox read back whole, a damaged one refused rather than emptied.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage, KeyValueStorage, MemoryStorage, Outbox, OutboxFull, type KeyValueStore, type OutboxStorage } from '../../src/terminal/node.ts';

/** localStorage's interface over a Map (what a browser gives the client). */
class MapStore implements KeyValueStore {
  readonly items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'pitboss-outbox-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const storages: Array<[string, () => OutboxStorage]> = [
  ['memory', () => new MemoryStorage()],
  ['localStorage-like', () => new KeyValueStorage(new MapStore())],
  ['file', () => new FileStorage(join(dir, `${Math.random().toString(36).slice(2)}.json`))],
];

for (const [name, make] of storages) {
  describe(`the outbox over ${name} storage`, () => {
    it('keeps entries in the order recorded, each saved before record returns, and reads them back', async () => {
      const storage = make();
      const box = await Outbox.open(storage);
      // Recorded concurrently: the saves still run one after another, the last one holding all three.
      await Promise.all([1, 2, 3].map((n) => box.record('cash_in', { key: `k${n}`, at: n, amount: n * 100 })));
      assert.deepEqual(box.pending().map((e) => [e.seq, e.payload.key]), [[1, 'k1'], [2, 'k2'], [3, 'k3']]);
      const again = await Outbox.open(storage);
      assert.deepEqual(again.pending(), box.pending());
      await again.delivered(1);
      await again.reject(2, 'invalid_payload', 'amount: bad');
      const third = await Outbox.open(storage);
      assert.deepEqual(third.pending().map((e) => e.payload.key), ['k3']);
      assert.deepEqual(third.rejected().map((e) => [e.payload.key, e.reason, e.message]), [['k2', 'invalid_payload', 'amount: bad']]);
      const next = await third.record('ticket', { key: 'k4', at: 4 });
      assert.equal(next.seq, 4, 'sequence numbers are never reused');
    });

    it('refuses to record past maxPending (the cabinet stops taking cash) and takes more once delivered', async () => {
      const box = await Outbox.open(make(), { maxPending: 2 });
      await box.record('cash_in', { key: 'a', at: 0 });
      await box.record('cash_in', { key: 'b', at: 0 });
      await assert.rejects(box.record('cash_in', { key: 'c', at: 0 }), OutboxFull);
      await box.delivered(box.first()!.seq);
      await box.record('cash_in', { key: 'c', at: 0 });
      assert.deepEqual(box.pending().map((e) => e.payload.key), ['b', 'c']);
    });
  });
}

describe('a damaged saved outbox', () => {
  it('is an error naming where it is, never an empty outbox', async () => {
    const file = join(dir, 'damaged.json');
    writeFileSync(file, '{"next": 3, "pending": [{"seq": 1}]');
    await assert.rejects(Outbox.open(new FileStorage(file)), /outbox in .*damaged\.json is not JSON/);
    writeFileSync(file, JSON.stringify({ next: 3, pending: [{ seq: 1, event: 'cash_in' }], rejected: [] }));
    await assert.rejects(Outbox.open(new FileStorage(file)), /outbox in .*damaged\.json is damaged/);
    const store = new MapStore();
    store.setItem('pitboss.terminal.outbox', '[]');
    await assert.rejects(Outbox.open(new KeyValueStorage(store)), /is damaged/);
  });
});
