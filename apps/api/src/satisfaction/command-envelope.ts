import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { deterministicId, type AggregateCommandRequest, type Unstamped } from '@redress/application';
import { etagOf, readRequestContext, type RequestContext } from '../http/request-context';

type HeaderMap = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * The request envelope of a survey or warning command, from the HTTP headers:
 * the actor, correlation id, If-Match, and a command id derived from the
 * Idempotency-Key (scoped to the caller and the aggregate) so a retry is
 * recognised — the complaint API's conventions.
 */
export function commandRequest<Command>(
  headers: HeaderMap,
  aggregateId: string,
  command: Unstamped<Command>,
): { request: AggregateCommandRequest<Command>; context: RequestContext } {
  const context = readRequestContext(headers);
  const commandId = context.idempotencyKey
    ? deterministicId('command', context.actor.id, aggregateId, context.idempotencyKey)
    : randomUUID();
  return {
    context,
    request: {
      aggregateId,
      command,
      commandId,
      correlationId: context.correlationId,
      actor: context.actor,
      expectedRevision: context.ifMatchRevision,
    },
  };
}

/** A new aggregate's id: derived from the Idempotency-Key when there is one, so a retry lands on the same stream. */
export function newAggregateId(kind: string, headers: HeaderMap): string {
  const context = readRequestContext(headers);
  return context.idempotencyKey ? deterministicId(kind, context.actor.id, context.idempotencyKey) : randomUUID();
}

/** The answer to a command: ETag, correlation id, replay flag, and {id, revision, position, status, events}. */
export function commandAnswer(
  result: {
    aggregateId: string;
    revision: number;
    position: number;
    state: { status: string };
    events: string[];
    replayed: boolean;
  },
  context: RequestContext,
  reply: FastifyReply,
) {
  reply.header('etag', etagOf(result.revision));
  reply.header('x-correlation-id', context.correlationId);
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  const { aggregateId: id, revision, position, state, events } = result;
  return { id, revision, position, status: state.status, events };
}
