export * from './config';
export * from './secret-file';
