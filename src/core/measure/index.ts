export * from './stats.ts';
export * from './check.ts';
export * from './protocol.ts';
export * from './record.ts';
export * from './plan.ts';
