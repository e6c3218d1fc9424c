import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import type { AuthChecker } from 'type-graphql';
import type { Viewer } from '../orgs/auth.service.js';
import { ADMIN_ROLES, RECRUITING_ROLES } from '../orgs/org.entity.js';
import { Errors } from './errors.js';
import type { Logger } from './logger.js';
import type { Services } from './services.js';

export interface GqlContext {
  em: EntityManager;
  log: Logger;
  viewer: Viewer | null;
  services: Services;
  /** Present for HTTP operations (not over graphql-ws): sign-in sets the session cookie on it. */
  reply?: FastifyReply;
}

/** The caller, or an UNAUTHENTICATED error. */
export function viewerOf(ctx: GqlContext): Viewer {
  if (!ctx.viewer) throw Errors.unauthenticated();
  return ctx.viewer;
}

/**
 * `@Authorized()` needs any member; `@Authorized('admin')` owners and admins; `@Authorized('recruiter')`
 * anyone who may act on interviews. Failures throw our own errors so the codes and words are ours.
 */
export const authChecker: AuthChecker<GqlContext, string> = ({ context }, roles) => {
  const viewer = viewerOf(context);
  if (roles.includes('admin') && !ADMIN_ROLES.includes(viewer.role)) throw Errors.forbidden('Only owners and admins can change integrations and settings.');
  if (roles.includes('recruiter') && !RECRUITING_ROLES.includes(viewer.role)) throw Errors.forbidden('Viewers can look but not change interviews. Ask an admin for the recruiter role.');
  return true;
};
