// The views the API sends, as the browser and other clients receive them (dates as ISO strings).
export * from './assistant';
export * from './conversation';
export * from './document';
export * from './health';
export * from './keys';
export * from './message';
export * from './task';
export * from './template';
export * from './usage';
export * from './user';
export * from './search';
export * from './tool';
export * from './llm-provider';
export * from './share';
