// `admin:dashboard`: the live dashboard's channel, on the admin socket (admin_socket.ts).
// Only staff may join; the reply carries who they are, what they may do, the chart
// history and a first snapshot, then a `snapshot` push follows about every second — each
// cut to what the member's role may see (view.ts), so a panel a role may not see never
// leaves the server. The account is checked again every `recheckMs`: a disabled account's
// dashboard ends (`session_ended`, then the socket closes), a changed role is told
// (`session_changed`) and its next snapshots follow the new role.
import { z } from 'zod';
import { Channel, type ChannelSocket, type JsonObject } from '../../wire/index.ts';
import { send, type Pid } from '../../runtime/index.ts';
import { PitbossError } from '../../errors.ts';
import { parseOrRefuse } from '../../parse.ts';
import { TokenRefused } from '../auth/tokens.ts';
import type { StaffAuth } from '../staff/auth.ts';
import type { AdminAssigns } from './admin_socket.ts';
import { ipKey, type Limits } from '../limits/index.ts';
import { permissionsOf, pointFor, sectionsFor, snapshotFor, type SnapshotLike } from './view.ts';

export const ADMIN_TOPIC = 'admin:dashboard';

/** What the channel needs of the dashboard feed (src/ops/dashboard/feed.ts). */
export interface AdminFeed {
  watch(fn: (s: SnapshotLike) => void): () => void;
  snapshot(): Promise<SnapshotLike>;
  points(): Array<Record<string, unknown>>;
}

export interface AdminChannelDeps {
  feed: AdminFeed;
  auth: Pick<StaffAuth, 'verify'>;
  tracker?: { track(kind: string, pid: unknown, meta: JsonObject): void };
  /** joins count against the per-address `join` limit, as every channel's do */
  limits?: Limits;
  /** how often the account is read again (default 10 s) */
  recheckMs?: number;
}

const Empty = z.object({}).strict();

type Info = { type: 'snapshot'; snapshot: SnapshotLike } | { type: 'recheck' };

export function adminChannel(deps: AdminChannelDeps) {
  return class AdminChannel extends Channel<AdminAssigns> {
    #unwatch: (() => void) | null = null;
    #timer: NodeJS.Timeout | undefined;

    async join(topic: string, payload: JsonObject, socket: ChannelSocket<AdminAssigns>): Promise<JsonObject> {
      if (topic !== ADMIN_TOPIC) throw new PitbossError('not_found', `no admin topic ${topic}; the dashboard is ${ADMIN_TOPIC}`);
      parseOrRefuse(Empty, payload);
      const a = socket.assigns;
      await deps.limits?.take('join', ipKey(a.ip));
      if (a.staff === null || a.token === null) {
        const r = a.refusal ?? { reason: 'unauthorized' as const, message: 'a staff session is required', problem: 'token_missing' };
        throw new PitbossError(r.reason, r.message, { problem: r.problem });
      }
      // Read the account now: it may have been disabled since the socket connected.
      const staff = await this.#verify(a.token);
      a.staff = staff;
      deps.tracker?.track('admin_channel', socket.pid, { staff: staff.name, role: staff.role });
      const pid = socket.pid as Pid;
      this.#unwatch = deps.feed.watch((snapshot) => send(pid, { type: 'snapshot', snapshot } satisfies Info));
      this.#timer = setInterval(() => send(pid, { type: 'recheck' } satisfies Info), deps.recheckMs ?? 10_000);
      this.#timer.unref();
      const role = staff.role;
      return {
        name: staff.name, role, expires_at: staff.expiresAt,
        permissions: permissionsOf(role), sections: sectionsFor(role),
        series: deps.feed.points().map((p) => pointFor(role, p)),
        snapshot: snapshotFor(role, await deps.feed.snapshot()),
      };
    }

    override async handleInfo(msg: unknown, socket: ChannelSocket<AdminAssigns>): Promise<void> {
      const m = msg as Info;
      const staff = socket.assigns.staff;
      if (staff === null) return;
      if (m.type === 'snapshot') {
        socket.push('snapshot', snapshotFor(staff.role, m.snapshot));
        return;
      }
      if (m.type !== 'recheck') return;
      try {
        const now = await this.#verify(socket.assigns.token!);
        if (now.role !== staff.role) socket.push('session_changed', { role: now.role, permissions: permissionsOf(now.role) });
        socket.assigns.staff = now;
      } catch (err) {
        if (!(err instanceof PitbossError)) throw err;
        // Nothing more is pushed: the account may no longer see anything.
        socket.assigns.staff = null;
        this.#stop();
        socket.push('session_ended', { reason: err.reason, message: err.message });
        if (socket.socketId) await socket.broadcastTo(socket.socketId, 'disconnect', {});
      }
    }

    override terminate(): void {
      this.#stop();
    }

    async #verify(token: string) {
      try {
        return await deps.auth.verify(token);
      } catch (err) {
        if (err instanceof TokenRefused) throw new PitbossError('unauthorized', err.message, { problem: err.problem });
        throw err;
      }
    }

    #stop(): void {
      this.#unwatch?.();
      this.#unwatch = null;
      clearInterval(this.#timer);
    }
  };
}
