/**
 * Roles and what each may do: a viewer reads; an analyst also reviews (verify, correct, merge,
 * split, add sources); an admin also manages users and everyone's tokens. Roles are ordered, so
 * a check is "at least this role".
 */
import type { Role } from '../model.js';

export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
