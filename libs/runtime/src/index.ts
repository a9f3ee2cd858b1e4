// Activities, the workflow runners (Temporal and embedded) and the one wiring point that builds
// adapters from config. Pure code lives in @assistants/domain, adapters in @assistants/adapters.
export * from './activities';
export * from './cpu';
export * from './runners/embedded-runner';
export * from './runners/search-attributes';
export * from './runners/temporal-runner';
export * from './runners/workflow-runner';
export * from './search-warm-up';
export * from './wiring';
