export * from './types.ts';
export * from './nulls.ts';
export * from './columns.ts';
export * from './roles.ts';
