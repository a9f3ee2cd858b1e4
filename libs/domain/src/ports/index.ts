export * from './activity-environment';
export * from './events';
export * from './search';
export * from './llm';
