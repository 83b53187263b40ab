// The browser the page tests drive. Debian's chromium when the machine has it (CI installs
// it); otherwise the Chromium that @sparticuz/chromium ships inside its npm package, so
// `npm install && npm test` runs the page tests on a fresh machine with nothing else
// installed. PITBOSS_CHROMIUM names another binary.
import { existsSync } from 'node:fs';

export async function chromiumPath(): Promise<string> {
  const own = process.env['PITBOSS_CHROMIUM'];
  if (own) return own;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const { default: bundled } = await import('@sparticuz/chromium');
  return bundled.executablePath();
}
