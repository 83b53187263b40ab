import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ipKey, UNKNOWN_IP } from '../../../src/casino/limits/index.ts';

describe('ipKey', () => {
  const cases: Array<[string | undefined, string]> = [
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['2001:0db8:0000:0001:ffff:ffff:ffff:ffff', '2001:db8:0:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    [undefined, UNKNOWN_IP],
    ['', UNKNOWN_IP],
    ['not an ip', UNKNOWN_IP],
  ];
  for (const [ip, key] of cases) {
    it(`keys ${JSON.stringify(ip)} as ${key}`, () => assert.equal(ipKey(ip), key));
  }

  it('gives every address of one /64 the same key', () => {
    assert.equal(ipKey('2001:db8:1:2:aaaa::1'), ipKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    assert.notEqual(ipKey('2001:db8:1:2::1'), ipKey('2001:db8:1:3::1'));
  });
});
