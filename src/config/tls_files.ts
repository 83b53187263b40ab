// PEM files named in the environment (a CA, a client certificate and its key), read once
// at start: a wrong path or a file that is not PEM fails the start with the variable's
// name, instead of the first TLS handshake failing later with a library's message.
import { readFileSync } from 'node:fs';

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/** Reads each file named; an issue per variable that cannot be used. */
export function readTlsFiles(vars: { ca?: string; cert?: string; key?: string }, names: { ca: string; cert: string; key: string }): { files: TlsFiles | undefined; issues: string[] } {
  const issues: string[] = [];
  const files: TlsFiles = {};
  for (const part of ['ca', 'cert', 'key'] as const) {
    const path = vars[part];
    if (path === undefined) continue;
    try {
      const text = readFileSync(path, 'utf8');
      if (!PEM.test(text)) issues.push(`${names[part]}: ${path} is not a PEM file`);
      else files[part] = text;
    } catch (err) {
      issues.push(`${names[part]}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  if ((vars.cert === undefined) !== (vars.key === undefined)) issues.push(`${names.cert} and ${names.key} go together (a client certificate and its key)`);
  return { files: Object.keys(files).length > 0 ? files : undefined, issues };
}
