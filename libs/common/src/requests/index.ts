// What clients send: request bodies and list queries, implemented by the API's DTOs (which add the
// validation and the OpenAPI descriptions) and used by the web app to build its requests.
export * from './assistant';
export * from './auth';
export * from './conversation';
export * from './message';
export * from './search';
export * from './template';
export * from './usage';
export * from './user';
export * from './tool';
export * from './llm-provider';
