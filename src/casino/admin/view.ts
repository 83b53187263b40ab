// What of the dashboard a role may see: every part of a snapshot is filed under a section
// (src/ops/dashboard/feed.ts), and each section needs one permission of the one table
// (staff/grants.ts). A section not listed here is shown to no one, so a panel added to the
// feed stays hidden until someone decides who may see it.
import { GRANTS, may, type Permission } from '../staff/grants.ts';
import type { StaffRole } from '../../ledger/index.ts';

export const SECTION_PERMISSIONS = {
  system: 'system.view',
  tables: 'tables.view',
  players: 'players.view',
  jackpots: 'jackpots.view',
  terminals: 'terminals.view',
  alerts: 'alerts.view',
  availability: 'availability.view',
  config: 'config.view',
} as const satisfies Record<string, Permission>;

export type Section = keyof typeof SECTION_PERMISSIONS;

export function mayView(role: StaffRole, section: string): boolean {
  const p = (SECTION_PERMISSIONS as Record<string, Permission>)[section];
  return p !== undefined && may(role, p);
}

export function sectionsFor(role: StaffRole): Section[] {
  return (Object.keys(SECTION_PERMISSIONS) as Section[]).filter((s) => mayView(role, s));
}

export function permissionsOf(role: StaffRole): Permission[] {
  return (Object.keys(GRANTS) as Permission[]).filter((p) => may(role, p));
}

/** An object keyed by section, with only the sections the role may see. */
export function keepSections<T extends Record<string, unknown>>(role: StaffRole, o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => mayView(role, k))) as Partial<T>;
}

/** A chart point: its `t` and the groups the role may see. */
export function pointFor(role: StaffRole, p: Record<string, unknown>): Record<string, unknown> {
  return { t: p['t'], ...keepSections(role, p) };
}

export interface SnapshotLike {
  at: number;
  node: string;
  point: Record<string, unknown>;
  sections: Record<string, unknown>;
  events: ReadonlyArray<{ section: string } & Record<string, unknown>>;
}

/** A snapshot as the role may see it: sections, chart groups and events it may not see are gone, not blanked. */
export function snapshotFor(role: StaffRole, s: SnapshotLike): Record<string, unknown> {
  return {
    at: s.at, node: s.node,
    point: pointFor(role, s.point),
    sections: keepSections(role, s.sections),
    events: s.events.filter((e) => mayView(role, e.section)),
  };
}
