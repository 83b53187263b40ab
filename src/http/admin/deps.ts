// What the admin API is given by the composition root (src/main.ts).
import type { Limits, StaffAuth, TableManager } from '../../casino/index.ts';
import type { Ledger } from '../../ledger/index.ts';
import type { ConnectionTracker } from '../../ops/connection_tracker.ts';
import type { SystemReport } from '../../ops/system.ts';
import type { AlertManager } from '../../ops/alerts/index.ts';
import type { DayAvailability } from '../../ops/dashboard/availability.ts';
import type { HallConfigDeps } from './config.ts';

export interface AdminDeps {
  auth: StaffAuth;
  ledger: Ledger;
  tables: TableManager;
  tracker: ConnectionTracker;
  /** sign-in attempts are rate limited per address and per account (the `sign_in` bucket) */
  limits?: Limits;
  /** The node at a glance (src/ops/system.ts). */
  system: () => SystemReport;
  /** Active alerts and their history. */
  alerts: Pick<AlertManager, 'active' | 'history' | 'deliveries'>;
  /** Availability per component and UTC day (src/ops/dashboard); absent: the route answers unavailable. */
  availability?: { report(from: string, to: string): Promise<DayAvailability[]> };
  /** The hall's runtime configuration and the terminals acknowledging it (absent: the config routes answer unavailable). */
  hallConfig?: HallConfigDeps;
}
