// Roles are designed in now and refined later: each grants a set of permissions, checked in one place.

export const ROLES = ['admin', 'manager', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'records:read'
  | 'records:write'
  | 'records:delete'
  | 'properties:manage'
  | 'lifecycle:override'
  | 'source:edit'
  | 'audit:read'
  | 'keys:manage'
  | 'config:manage';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['records:read', 'records:write', 'records:delete', 'properties:manage', 'lifecycle:override', 'source:edit', 'audit:read', 'keys:manage', 'config:manage'],
  manager: ['records:read', 'records:write', 'records:delete', 'audit:read'],
  member: ['records:read', 'records:write'],
  viewer: ['records:read'],
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export const can = (role: string, permission: Permission): boolean => isRole(role) && GRANTS[role].includes(permission);
