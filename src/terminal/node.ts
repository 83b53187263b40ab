// The terminal client for Node: everything of index.ts, and the outbox in a file.
export * from './index.ts';
export { FileStorage } from './file_storage.ts';
