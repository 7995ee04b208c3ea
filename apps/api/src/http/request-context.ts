import { randomUUID } from 'node:crypto';
import type { Actor } from '@redress/event-store';
import { mayActOnBehalfOfOthers, type Principal } from '@redress/access';
import { RequestValidationError } from '@redress/command-contracts';
import { AccessRefusal } from '../auth/access-refusal';

/** Roles an actor can be recorded in: the principals' roles, and `system` for the platform's own work (SLA timer). */
export const ACTOR_ROLES = ['agent', 'supervisor', 'auditor', 'admin', 'service', 'system'] as const;

/** Roles only an admin may record another actor in: a service relays people, it does not speak for the platform. */
const ADMIN_ONLY_ACTOR_ROLES: readonly string[] = ['admin', 'system'];

/** Where the access guard leaves the authenticated principal: on the request's header object, invisibly. */
const PRINCIPAL = Symbol('redress.principal');

/** Records who the request comes from, for `readRequestContext` and the request log line. */
export function attachPrincipal(headers: object, principal: Principal): void {
  Object.defineProperty(headers, PRINCIPAL, { value: principal, enumerable: false, configurable: true });
}

/** The authenticated principal of a request, once the access guard has run; undefined on public routes. */
export function principalOf(headers: object): Principal | undefined {
  return (headers as { [PRINCIPAL]?: Principal })[PRINCIPAL];
}

/**
 * The actor to record for a request, from its principal: the principal
 * itself, unless it is an admin or a service naming the person it acts for in
 * X-Actor-Id (and X-Actor-Role, `agent` by default). Anyone else naming
 * somebody other than themselves is refused.
 */
export function actorFor(
  principal: Principal,
  actorId: string | undefined,
  actorRole: string | undefined,
): { actor: Actor } | { refusal: string } {
  if (mayActOnBehalfOfOthers(principal.role)) {
    const role = actorRole ?? (actorId === undefined ? principal.role : 'agent');
    if (principal.role !== 'admin' && ADMIN_ONLY_ACTOR_ROLES.includes(role)) {
      return { refusal: `${withArticle(principal.role)} may not act in the ${role} role (X-Actor-Role)` };
    }
    return { actor: { id: actorId ?? principal.id, role } };
  }
  if (actorId !== undefined && actorId !== principal.id) {
    return { refusal: `${withArticle(principal.role)} may not act on behalf of another actor (X-Actor-Id)` };
  }
  if (actorRole !== undefined && actorRole !== principal.role) {
    return { refusal: `${withArticle(principal.role)} may not act in another role (X-Actor-Role)` };
  }
  return { actor: { id: principal.id, role: principal.role } };
}

export interface RequestContext {
  actor: Actor;
  correlationId: string;
  idempotencyKey: string | undefined;
  /** The complaint revision from If-Match, when the caller sent one. */
  ifMatchRevision: number | undefined;
}

type HeaderMap = Record<string, string | string[] | undefined>;

const TOKEN = /^[\x21-\x7e]{1,200}$/;
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;
const ETAG_REVISION = /^(?:W\/)?"?(\d{1,15})"?$/;

/** Reads who is acting and the request's preconditions from its headers, refusing malformed ones. */
export function readRequestContext(headers: HeaderMap): RequestContext {
  const violations: { field: string; message: string }[] = [];
  const header = (name: string): string | undefined => {
    const value = headers[name];
    if (Array.isArray(value)) {
      violations.push({ field: `header ${name}`, message: 'must be sent once' });
      return undefined;
    }
    return value;
  };

  const actorId = header('x-actor-id');
  if (actorId !== undefined && !TOKEN.test(actorId))
    violations.push({ field: 'header x-actor-id', message: 'must be 1-200 visible ASCII characters' });
  const role = header('x-actor-role');
  if (role !== undefined && !(ACTOR_ROLES as readonly string[]).includes(role)) {
    violations.push({ field: 'header x-actor-role', message: `must be one of: ${ACTOR_ROLES.join(', ')}` });
  }
  const correlationId = header('x-correlation-id') ?? randomUUID();
  if (!TOKEN.test(correlationId)) {
    violations.push({ field: 'header x-correlation-id', message: 'must be 1-200 visible ASCII characters' });
  }
  const idempotencyKey = header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    violations.push({ field: 'header idempotency-key', message: 'must be 1-255 printable ASCII characters' });
  }
  let ifMatchRevision: number | undefined;
  const ifMatch = header('if-match')?.trim();
  if (ifMatch !== undefined && ifMatch !== '*') {
    const match = ETAG_REVISION.exec(ifMatch);
    if (match) ifMatchRevision = Number(match[1]);
    else violations.push({ field: 'header if-match', message: 'must be the ETag of the complaint, e.g. "3"' });
  }
  if (violations.length > 0) throw new RequestValidationError(violations);
  return { actor: actorOf(headers, actorId, role), correlationId, idempotencyKey, ifMatchRevision };
}

function withArticle(role: string): string {
  return /^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`;
}

/**
 * The authenticated principal's actor. Without a principal the request did not pass the access guard: that happens
 * only where a module is mounted without the AuthModule (a controller's unit test), and the headers are taken as sent.
 */
function actorOf(headers: object, actorId: string | undefined, role: string | undefined): Actor {
  const principal = principalOf(headers);
  if (!principal) return { id: actorId ?? 'anonymous', role: role ?? 'agent' };
  const resolved = actorFor(principal, actorId, role);
  if ('refusal' in resolved) throw AccessRefusal.forbidden(resolved.refusal);
  return resolved.actor;
}

/** The HTTP entity tag of a complaint at a revision. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}
