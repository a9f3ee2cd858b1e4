// Pure document-ingest steps (no I/O), called from worker activities.
export * from './parse';
export * from './chunk';
export * from './checksum';
