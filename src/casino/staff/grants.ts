// Who may do what in the admin API: the one permission table (docs/operations.md shows
// it, and test/ops/grants.test.ts checks the two agree). Every admin route names one
// permission, and one guard (src/http/admin/guard.ts) asks `may` — no route decides
// roles by itself, so a role's powers are read here and nowhere else.
import type { StaffRole } from '../../ledger/index.ts';

export const PERMISSIONS = {
  'session.view': 'see one’s own session (name, role, expiry)',
  'tables.view': 'list tables with their state, seats and players',
  'tables.drain': 'drain a table: it refuses new rounds, finishes the current one, then closes',
  'players.view': 'list the players online and where they are',
  'system.view': 'runtime statistics: connections by type, memory, event loop, uptime',
  'alerts.view': 'see active alerts and their history',
  'audit.view': 'read the audit log with filters',
  'audit.export': 'export the audit log as CSV or JSON lines',
  'audit.verify': 'recompute the audit log’s hash chain',
  'staff.view': 'list staff accounts and their roles',
  'terminals.view': 'see terminals: online, offline or hung, last seen, late deliveries',
  'jackpots.view': 'see the jackpot meters',
  'availability.view': 'availability per component and per day, and its CSV',
  'config.view': 'read the runtime configuration, its history, and which terminals lag behind it',
  'config.change': 'change table limits, paytables and jackpot contributions (from the next round)',
} as const;

export type Permission = keyof typeof PERMISSIONS;

/**
 * operator: runs the floor (tables, players). administrator: everything, including the
 * audit log and staff. technician: keeps the machine running (system, tables read-only)
 * and may check the audit chain's integrity, never read its contents.
 */
export const GRANTS: Readonly<Record<Permission, readonly StaffRole[]>> = {
  'session.view': ['operator', 'administrator', 'technician'],
  'tables.view': ['operator', 'administrator', 'technician'],
  'tables.drain': ['operator', 'administrator'],
  'players.view': ['operator', 'administrator'],
  'system.view': ['administrator', 'technician'],
  'alerts.view': ['operator', 'administrator', 'technician'],
  'audit.view': ['administrator'],
  'audit.export': ['administrator'],
  'audit.verify': ['administrator', 'technician'],
  'staff.view': ['administrator'],
  'terminals.view': ['operator', 'administrator', 'technician'],
  'jackpots.view': ['operator', 'administrator', 'technician'],
  'availability.view': ['administrator', 'technician'],
  'config.view': ['operator', 'administrator', 'technician'],
  'config.change': ['administrator'],
};

export function may(role: StaffRole, permission: Permission): boolean {
  return GRANTS[permission].includes(role);
}
