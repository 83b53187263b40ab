// The supervision tree as data, for the admin API and dashboards: walks Supervisor and
// DynamicSupervisor children (both answer the same 'which' request) down to the workers.
import type { Pid } from './pid.ts';
import { Supervisor } from './supervisor.ts';
import { processInfo } from './introspect.ts';
import type { ChildType, Restart } from './child_spec.ts';

export interface TreeNode {
  id: string;
  pid: Pid | null;
  name: string | undefined;
  type: ChildType;
  restart: Restart | undefined;
  mailboxLength: number;
  children?: TreeNode[];
}

export async function supervisionTree(sup: Pid, id = 'root'): Promise<TreeNode> {
  const kids = await Supervisor.whichChildren(sup);
  const children = await Promise.all(
    kids.map(async (k): Promise<TreeNode> => {
      if (k.type === 'supervisor' && k.pid !== null) {
        // A child supervisor may die while we walk; show it as it was rather than fail.
        const sub = await supervisionTree(k.pid, k.id).catch(() => undefined);
        if (sub !== undefined) return { ...sub, restart: k.restart };
      }
      const info = k.pid === null ? undefined : processInfo(k.pid);
      return { id: k.id, pid: k.pid, name: info?.name, type: k.type, restart: k.restart, mailboxLength: info?.mailboxLength ?? 0 };
    }),
  );
  const info = processInfo(sup);
  return { id, pid: sup, name: info.name, type: 'supervisor', restart: undefined, mailboxLength: info.mailboxLength, children };
}
