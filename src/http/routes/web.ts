// The web page: static files from src/web (no build step) — the page, its stylesheet and
// its ES modules, folders included (games/) — and the official phoenix client from
// node_modules at /vendor/phoenix.mjs. Only the files present at start are routed
// (wildcard: false; @fastify/static globs the folder tree), so an unknown path still gets
// the API's JSON 404. Modules are sent as application/javascript, as browsers require.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
const PHOENIX_DIR = dirname(fileURLToPath(import.meta.resolve('phoenix')));

// Everything the page loads comes from this origin; the socket too (ws: or wss:).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function webRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    // Revalidate every load (ETag): a changed page is picked up at once, an unchanged one costs a 304.
    setHeaders(reply, path) {
      void reply.header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
      if (path.endsWith('.html')) void reply.header('content-security-policy', CSP).header('referrer-policy', 'no-referrer');
    },
  });
  // The hall dashboard lives in src/web/admin; its address without the slash leads there.
  app.get('/admin', (_req, reply) => reply.redirect('/admin/'));
  for (const file of ['phoenix.mjs', 'phoenix.mjs.map']) {
    app.get(`/vendor/${file}`, (_req, reply) => {
      void reply.sendFile(file, PHOENIX_DIR);
    });
  }
}
