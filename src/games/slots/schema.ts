// The machine file format (docs/game-math.md § Slots) as a zod schema: the shape only.
// Cross-field rules (symbols that exist, rows in range, pays that cover every length)
// live in machine.ts, which turns a parsed file into the compiled form the engine uses.
import { z } from 'zod';

const positiveInt = z.number().int().positive();
/** `{"3": 10, "4": 40}`: a count or run length (as a JSON key) mapped to a pay or a spin count; keys are checked in machine.ts. */
const countTable = z.record(z.string(), positiveInt);

export const machineSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'ids are lowercase letters, digits, "-" and "_"'),
    name: z.string().min(1),
    rows: z.number().int().min(1).max(10),
    reels: z.array(z.array(z.string().min(1)).min(1, 'a reel strip may not be empty')).min(1, 'a machine needs at least one reel').max(10),
    paylines: z.array(z.array(z.number().int())).min(1, 'a machine needs at least one payline'),
    wild: z.string().min(1).optional(),
    scatter: z
      .object({
        symbol: z.string().min(1),
        pays: countTable.default({}),
        freeSpins: countTable.default({}),
      })
      .strict()
      .optional(),
    freeSpinMultiplier: positiveInt.default(1),
    pays: z.record(z.string().min(1), countTable),
  })
  .strict();

/** A machine file as written (after defaults). */
export type MachineFile = z.input<typeof machineSchema>;
export type ParsedMachineFile = z.output<typeof machineSchema>;
