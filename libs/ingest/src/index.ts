// Pure document-ingest steps (no I/O, no framework), called from worker activities
// and safe to run in worker threads.
export * from './parse';
export * from './chunk';
export * from './checksum';
