// Shared by the API, the worker and the browser: keep it free of Node-only imports (ESLint's import boundaries enforce it).
export * from './access';
export * from './pagination';
export * from './problem';
export * from './problem-codes';
export * from './system-prompt';
export * from './template-text';
export * from './views';
export * from './requests';
export * from './events';
export * from './ids';
