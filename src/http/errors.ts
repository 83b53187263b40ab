// The HTTP edge's error policy: every failure answers `{reason, message}` with a status
// from the reason; causes go to the log, never to the client. Refusals (401, 403, 429)
// are reported with the client address, for the operator's refusal log.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PitbossError, type Reason } from '../errors.ts';
import { TokenRefused } from '../casino/index.ts';
import type { Refusal } from '../ops/refusals.ts';

const STATUS: Partial<Record<Reason, number>> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  insufficient_funds: 409,
  unavailable: 503,
  timeout: 504,
};

export function statusFor(reason: Reason): number {
  return STATUS[reason] ?? 400;
}

const REFUSALS: ReadonlySet<Reason> = new Set(['unauthorized', 'forbidden', 'rate_limited']);

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply, onRefused?: (r: Refusal) => void): void {
  if (err instanceof PitbossError) {
    if (onRefused && REFUSALS.has(err.reason)) {
      const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
      onRefused({ via: 'http', reason: err instanceof TokenRefused ? err.problem : err.reason, ip: req.ip, status: statusFor(err.reason), route });
    }
    const retry = err.details['retry_after'];
    if (err.reason === 'rate_limited' && typeof retry === 'number') void reply.header('retry-after', String(Math.max(1, Math.ceil(retry / 1000))));
    void reply.code(statusFor(err.reason)).send(err.toReply());
    return;
  }
  const fe = err as FastifyError;
  // fastify's own client errors (bad JSON, body too large, wrong content type) carry a 4xx status.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const reason: Reason = fe.statusCode === 429 ? 'rate_limited' : fe.statusCode === 404 ? 'not_found' : 'invalid_payload';
    void reply.code(fe.statusCode).send({ reason, message: fe.message });
    return;
  }
  req.log.error({ err }, 'request failed');
  void reply.code(500).send({ reason: 'internal_error', message: 'Something went wrong on the server; nothing was changed.' });
}
