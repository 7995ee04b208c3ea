import { randomUUID } from 'node:crypto';
import type { Actor } from '@redress/event-store';
import { RequestValidationError } from '@redress/command-contracts';

/** Roles a caller can act in (issue 8 adds authentication; until then the headers are trusted). */
export const ACTOR_ROLES = ['agent', 'supervisor', 'auditor', 'admin', 'service', 'system'] as const;

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

  const actorId = header('x-actor-id') ?? 'anonymous';
  if (!TOKEN.test(actorId))
    violations.push({ field: 'header x-actor-id', message: 'must be 1-200 visible ASCII characters' });
  const role = header('x-actor-role') ?? 'agent';
  if (!(ACTOR_ROLES as readonly string[]).includes(role)) {
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
  return { actor: { id: actorId, role }, correlationId, idempotencyKey, ifMatchRevision };
}

/** The HTTP entity tag of a complaint at a revision. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}
