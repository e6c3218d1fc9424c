import { page } from '$app/state';
import type { Role, ViewerQuery } from '$lib/gql/graphql';

export type Viewer = ViewerQuery['viewer'];

/**
 * The signed-in member, loaded once by the dashboard layout (routes/(app)/+layout.ts). Call it in
 * a component's script or a `$derived` so it follows the page's data.
 */
export function currentViewer(): Viewer {
  const viewer = (page.data as { viewer?: Viewer }).viewer;
  if (!viewer) throw new Error('currentViewer() is only available on dashboard pages');
  return viewer;
}

/** Owners and admins: settings, integrations and the team. */
export function canAdminister(role: Role): boolean {
  return role === 'OWNER' || role === 'ADMIN';
}

/** Everyone but viewers: acting on interviews and editing jobs. */
export function canRecruit(role: Role): boolean {
  return role !== 'VIEWER';
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  RECRUITER: 'Recruiter',
  VIEWER: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: 'Everything, including the team and the Ashby connection.',
  ADMIN: 'Settings, the Ashby connection and the team.',
  RECRUITER: 'Interviews and job questions.',
  VIEWER: 'Can read everything, change nothing.',
};

/** Roles in the order they are offered. */
export const ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'RECRUITER', 'VIEWER'];
