export * from './columns.js';
export * from './csv.js';
export * from './export.js';
export * from './import.js';
