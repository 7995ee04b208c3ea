import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { decideAccess, grantScope, type AccessTarget, type Principal } from '@redress/access';
import { actorFor, attachPrincipal } from '../http/request-context';
import { AccessRefusal } from './access-refusal';
import { Authenticator } from './credentials';
import { ComplaintDepartments } from './complaint-departments';
import { ROUTE_ACCESS, type RouteAccessRule, type RouteInput } from './route-access';

/**
 * The global guard: authenticates every request to a non-public route (401),
 * then checks the route's capability against the principal's role and, for
 * department-scoped roles, the complaint's current department or the list's
 * department filter, and the actor the request would record (403). Each
 * refusal is logged with actor, role, route and reason; never a credential.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(ComplaintDepartments) private readonly departments: ComplaintDepartments,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<RouteAccessRule | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule?.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;

    const authenticated = await this.authenticator.authenticate(request.headers);
    if ('refusal' in authenticated) {
      this.logger.warn({ route, status: 401, reason: authenticated.refusal.message }, 'request not authenticated');
      throw authenticated.refusal;
    }
    const { principal } = authenticated;
    attachPrincipal(request.headers, principal);

    const input: RouteInput = {
      params: (request.params ?? {}) as RouteInput['params'],
      query: (request.query ?? {}) as RouteInput['query'],
    };
    if (rule) {
      const capability = typeof rule.capability === 'function' ? rule.capability(input) : rule.capability;
      // The complaint is read only when the decision depends on its department.
      const scoped = grantScope(principal.role, capability) === 'own-department';
      const target: AccessTarget = scoped ? await this.targetOf(rule.target, input) : { kind: 'unscoped' };
      const decision = decideAccess(principal, capability, target);
      if (!decision.allowed) this.refuse(principal, route, decision.reason);
    } else if (principal.role !== 'admin') {
      // A handler nobody decided about is an admin's alone: a new route stays closed until it gets a rule.
      this.refuse(principal, route, 'the route has no access rule yet; only an admin may use it');
    }

    const actorId = singleHeader(request.headers['x-actor-id']);
    const actorRole = singleHeader(request.headers['x-actor-role']);
    const actor = actorFor(principal, actorId, actorRole);
    if ('refusal' in actor) this.refuse(principal, route, actor.refusal);
    return true;
  }

  private refuse(principal: Principal, route: string, reason: string): never {
    this.logger.warn(
      { actor: principal.id, role: principal.role, department: principal.department, route, status: 403, reason },
      'request forbidden',
    );
    throw AccessRefusal.forbidden(`forbidden: ${reason}`);
  }

  private async targetOf(
    target: 'complaint-param' | 'department-query' | undefined,
    input: RouteInput,
  ): Promise<AccessTarget> {
    if (target === 'complaint-param') return this.departments.of(input.params.id ?? '');
    if (target === 'department-query')
      return { kind: 'department-filter', departments: listOf(input.query.department) };
    return { kind: 'unscoped' };
  }
}

/** A header sent twice is refused by the request context with a 400; here it names nobody. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** `department=a,b` and `department=a&department=b` alike, as the list filters read them. */
function listOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
