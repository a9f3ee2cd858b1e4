// The deterministic workflow code: what a chat turn, an ingest, a clean-up and a re-index do, step
// by step, through activities named here and implemented in libs/runtime. Bundled into Temporal's
// workflow sandbox and run as is by the embedded runner: no I/O, no Node modules, only
// @assistants/domain and @assistants/common.
export * from './chat-failure';
export * from './chat-turn';
export * from './definitions';
export * from './ingest';
export * from './policies';
export * from './runtime';
