import { SetMetadata } from '@nestjs/common';
import type { Capability } from '@redress/access';

/** Metadata key of a route's access rule. */
export const ROUTE_ACCESS = 'redress:route-access';

/** Path and query parameters of the request, as Fastify parsed them. */
export interface RouteInput {
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
}

/**
 * How a route is protected. `target` says what department scoping looks at:
 * the complaint named by the `:id` path parameter (its current department),
 * or the list's `department` query filter.
 */
export type RouteAccessRule =
  | { kind: 'public'; why: string }
  | {
      kind: 'capability';
      capability: Capability | ((input: RouteInput) => Capability);
      target?: 'complaint-param' | 'department-query';
    };

/** A route anyone may call without credentials; `why` documents the exception at the route. */
export const PublicRoute = (why: string) =>
  SetMetadata(ROUTE_ACCESS, { kind: 'public', why } satisfies RouteAccessRule);

/** Only principals whose role holds `capability` (within their department where the role is scoped) may call it. */
export const RequireCapability = (
  capability: Extract<RouteAccessRule, { kind: 'capability' }>['capability'],
  target?: 'complaint-param' | 'department-query',
) => SetMetadata(ROUTE_ACCESS, { kind: 'capability', capability, target } satisfies RouteAccessRule);

/**
 * Gives the handlers of a controller whose file this module does not own
 * their rules, exactly as the decorators would (metadata on the handler).
 */
export function grantRouteAccess<Controller extends { prototype: object }>(
  controller: Controller,
  rules: Partial<Record<keyof Controller['prototype'] & string, RouteAccessRule>>,
): void {
  for (const [method, rule] of Object.entries(rules)) {
    const handler = (controller.prototype as Record<string, unknown>)[method];
    if (typeof handler !== 'function') throw new Error(`${controller} has no handler ${method} to protect`);
    Reflect.defineMetadata(ROUTE_ACCESS, rule, handler);
  }
}
