export * from './chat-turn';
export * from './definitions';
export * from './ingest';
export * from './policies';
export * from './runtime';
