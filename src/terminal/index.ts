// The terminal client, as a cabinet (Node or browser) imports it. Node code that wants
// the outbox in a file imports ./node.ts instead, which adds FileStorage.
export { TerminalClient, TerminalRefused, type TerminalClientOptions, type TerminalConfig, type DeviceReport } from './client.ts';
export { Outbox, OutboxFull, type OutboxEntry, type OutboxEvent, type OutboxState, type OutboxStorage, type RejectedEntry } from './outbox.ts';
export { MemoryStorage, KeyValueStorage, type KeyValueStore } from './storage.ts';
