// Structured logs (pino): JSON lines on stdout, one logger per server with child
// loggers per component, so a table's or socket's lines carry its id.
import { pino, type Logger } from 'pino';

export function createLogger(level: string, nodeId: string): Logger {
  return pino({ level, base: { node: nodeId }, timestamp: pino.stdTimeFunctions.isoTime });
}
export type { Logger };
