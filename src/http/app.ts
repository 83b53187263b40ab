// The HTTP edge: fastify with the API, health, metrics and the static web client.
// WebSockets are not handled here: the wire Endpoint attaches to the same http.Server.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Limits, PlayerDirectory, Tokens } from '../casino/index.ts';
import type { Refusal } from '../ops/refusals.ts';
import { errorHandler } from './errors.ts';
import type { TrustFn } from './trust_proxy.ts';
import { healthRoutes, type Readiness } from './routes/health.ts';
import { playerRoutes } from './routes/players.ts';

export interface HttpDeps {
  tokens: Tokens;
  players: PlayerDirectory;
  limits?: Limits;
  metrics: Registry;
  readiness: Readiness;
  logger?: Logger | false;
  /** Which proxies' X-Forwarded-For names the client (req.ip); false or absent: none. */
  trustProxy?: TrustFn | false;
  /** Told of every refused request (401, 403, 429) with the client address. */
  onRefused?: (r: Refusal) => void;
  /** extra route plugins (tables, rounds, admin, static web) added by later layers */
  extend?: Array<(app: FastifyInstance) => void | Promise<void>>;
}

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Per-request lines at info level would drown the log; fastify's logger speaks from warn up.
    loggerInstance: (deps.logger ? deps.logger.child({}, { level: 'warn' }) : undefined) as FastifyBaseLogger | undefined,
    bodyLimit: 16 * 1024,
    // PITBOSS_TRUST_PROXY; the WebSocket upgrade uses the same function (main.ts).
    trustProxy: deps.trustProxy ?? false,
  });
  app.setErrorHandler((err: Error, req, reply) => errorHandler(err, req, reply, deps.onRefused));
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ reason: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` });
  });
  healthRoutes(app, deps);
  playerRoutes(app, deps);
  for (const plugin of deps.extend ?? []) await plugin(app);
  return app;
}
