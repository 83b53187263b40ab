import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface Readiness {
  /** every check's state; ready only when all are "ok" */
  checks(): Promise<Record<string, string>>;
}

export function healthRoutes(app: FastifyInstance, deps: { readiness: Readiness; metrics: Registry }): void {
  // Liveness: the event loop answers. Never touches the database, so a slow DB does not get us killed.
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks = await deps.readiness.checks();
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  app.get('/metrics', async (_req, reply) => {
    const text = await deps.metrics.metrics();
    return reply.type(deps.metrics.contentType).send(text);
  });
}
