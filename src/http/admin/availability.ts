// Availability per component and per UTC day (src/ops/dashboard/availability.ts), as JSON
// or as a CSV to download. Days are whole UTC days, `from` and `to` inclusive, at most a
// year; by default the last 30 days.
import { z } from 'zod';
import { PitbossError } from '../../errors.ts';
import { parseOrRefuse } from '../../parse.ts';
import { availabilityCsv } from '../../ops/dashboard/availability.ts';
import type { AdminDeps } from './deps.ts';
import type { AdminHandler } from './routes.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a date');
const Query = z.object({ from: Day.optional(), to: Day.optional(), format: z.enum(['json', 'csv']).default('json') }).strict();

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function availabilityHandlers(deps: AdminDeps): Record<'GET /api/admin/availability', AdminHandler> {
  return {
    'GET /api/admin/availability': async ({ req, reply }) => {
      const q = parseOrRefuse(Query, req.query ?? {});
      if (!deps.availability) throw new PitbossError('unavailable', 'availability is not recorded on this server');
      const to = q.to ?? day(Date.now());
      const from = q.from ?? day(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000);
      let rows;
      try {
        rows = await deps.availability.report(from, to);
      } catch (err) {
        if (err instanceof RangeError) throw new PitbossError('invalid_payload', err.message);
        throw err;
      }
      if (q.format === 'json') return { from, to, rows };
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="pitboss-availability-${from}-${to}.csv"`)
        .send(availabilityCsv(rows));
    },
  };
}
