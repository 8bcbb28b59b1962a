export * from './blocks.js';
export * from './limits.js';
export * from './protocol.js';
export * from './roles.js';
