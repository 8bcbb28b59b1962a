export * from './api.js';
export * from './blocks.js';
export * from './limits.js';
export * from './personName.js';
export * from './protocol.js';
export * from './roles.js';
export * from './workflow.js';
