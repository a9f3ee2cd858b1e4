// The domain: pure code with no I/O of its own. Ports name what it needs from the outside world;
// retrieval arithmetic and prompt building work only through them; the workflows (libs/workflows)
// and the activities (libs/runtime) build on it.
export * from './ports';
export * from './turns';
export * from './retrieval/language';
export * from './retrieval/rank-fusion';
export * from './retrieval/rerank-math';
export * from './prompt/context-passages';
export * from './prompt/tokenizer';
export * from './prompt/prompt-builder';
export * from './prompt/summarise';
export * from './templates/template-for-turn';
export * from './support/abort';
export * from './support/deadline';
