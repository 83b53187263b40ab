// The machines shipped with Pitboss (machines/*.json), by id. Imported as JSON modules
// so the engine reads no files; `classic` is the default machine.
import classic from './machines/classic.json' with { type: 'json' };
import volcano from './machines/volcano.json' with { type: 'json' };
import { parseMachine, type Machine } from './machine.ts';

const files: Record<string, unknown> = { classic, volcano };

export const DEFAULT_MACHINE_ID = 'classic';

export function shippedMachineIds(): string[] {
  return Object.keys(files);
}

// Parsed once and shared by every table: a machine is read-only data (deep-frozen, so a
// stray write throws instead of changing another table's machine), and a parsed copy per
// slots table was most of an idle table's memory.
const parsed = new Map<string, Machine>();

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** A shipped machine by id (validated like any file), or undefined. */
export function shippedMachine(id: string): Machine | undefined {
  if (!Object.hasOwn(files, id)) return undefined;
  let m = parsed.get(id);
  if (m === undefined) parsed.set(id, (m = deepFreeze(parseMachine(files[id]))));
  return m;
}

export function defaultMachine(): Machine {
  return shippedMachine(DEFAULT_MACHINE_ID)!;
}

/** `options.machine` as games receive it: absent → the default, a string → a shipped id, else a machine file. */
export function machineFromOption(option: unknown): Machine {
  if (option === undefined) return defaultMachine();
  if (typeof option === 'string') {
    const m = shippedMachine(option);
    if (!m) throw new RangeError(`no shipped slot machine "${option}" (known: ${shippedMachineIds().join(', ')})`);
    return m;
  }
  return parseMachine(option);
}
