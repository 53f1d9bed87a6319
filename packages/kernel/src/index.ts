// The kernel's front door: what every module may use.
export * from './errors';
export * from './id-number';
export * from './db/database';
export * from './db/migrate';
export * from './db/transaction';
export * from './db/pg-schemas';
export * from './auth/roles';
export * from './auth/scope';
export * from './audit/audit.service';
export * from './divisions/directory';
export { divisions } from './divisions/schema';
export * from './auth/auth.service';
export * from './auth/users.service';
export * from './auth/password';
export { users, sessions } from './auth/schema';
export { auditLog } from './audit/schema';
export { loadDivisions } from './divisions/loader';
export * from './auth/request';
