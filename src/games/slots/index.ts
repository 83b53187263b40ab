// The slots game: public surface.
export { parseMachine, MachineError, type Machine } from './machine.ts';
export type { MachineFile } from './schema.ts';
export { DEFAULT_MACHINE_ID, defaultMachine, machineFromOption, shippedMachine, shippedMachineIds } from './machines.ts';
export { drawStops, evaluateLine, evaluateStops, evaluateWindow, windowAt, type LineWin, type SpinEval } from './evaluate.ts';
export { checkBet, nextFreeSpin, playRound, spinReply, startRound, type SlotEvent, type SlotRound, type SlotWin, type SpinRecord } from './round.ts';
export { parFigures, type ParFigures } from './math/par.ts';
export { lineTable, type LineTableRow } from './math/linetable.ts';
export { scatterCountDistribution } from './scatter.ts';
export { rat, toDecimal, toNumber, type Rational } from './math/rational.ts';
