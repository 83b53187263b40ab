// The one guard of the admin API: a staff token (401 without a valid one) whose role the
// permission table grants the route's permission (403 otherwise). Routes never check
// roles themselves; they name a permission in the route table (routes.ts).
import type { FastifyRequest } from 'fastify';
import { PERMISSIONS, may, type Permission, type StaffAuth, type StaffIdentity } from '../../casino/index.ts';
import { PitbossError } from '../../errors.ts';

export async function requireStaff(req: FastifyRequest, auth: StaffAuth, permission: Permission): Promise<StaffIdentity> {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw new PitbossError('unauthorized', 'send `authorization: Bearer <staff token>` (POST /api/admin/session)');
  const staff = await auth.verify(m[1]);
  if (!may(staff.role, permission)) throw new PitbossError('forbidden', `the ${staff.role} role may not ${PERMISSIONS[permission]}`);
  return staff;
}
