export * from './access';
export * from './pagination';
export * from './problem';
export * from './system-prompt';
export * from './template-text';
export * from './events';
