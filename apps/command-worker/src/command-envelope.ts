import { IsDefined, IsObject, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { ACCESS_ROLES } from '@redress/access';
import type { ComplaintCommandRequest, UnstampedComplaintCommand } from '@redress/application';
import {
  commandRouteNamed,
  COMPLAINT_COMMAND_ROUTES,
  Nested,
  OneOf,
  ReceiveComplaintDto,
  RequestValidationError,
  validateBody,
  WholeNumber,
} from '@redress/command-contracts';
import type { FieldViolation } from '@redress/domain';
import type { ReadableCommand } from './command-record';

/** Actor ids and correlation ids: as the HTTP headers X-Actor-Id and X-Correlation-Id accept them. */
export const VISIBLE_ASCII_TOKEN = /^[\x21-\x7e]{1,200}$/;
const TOKEN_MESSAGE = '$property must be 1-200 visible ASCII characters';

/** The name of the command that receives a new complaint (POST /complaints over HTTP). */
export const RECEIVE_COMMAND = 'receive';

class CommandActorDto {
  @IsDefined({ message: 'is required' })
  @Matches(VISIBLE_ASCII_TOKEN, { message: TOKEN_MESSAGE })
  id!: string;

  /** The roles a credential can carry over HTTP: the topic records actors in the same terms. */
  @OneOf(ACCESS_ROLES)
  role!: string;
}

/** The envelope of ComplaintCommandMessage (libs/contracts/src/command-message.ts), validated field by field. */
class CommandEnvelopeDto {
  @IsUUID()
  commandId!: string;

  @IsUUID()
  complaintId!: string;

  @IsDefined({ message: 'is required' })
  @IsString()
  command!: string;

  @IsDefined({ message: 'is required' })
  @IsObject({ message: '$property must be a JSON object' })
  body!: Record<string, unknown>;

  @Nested(() => CommandActorDto)
  actor!: CommandActorDto;

  @WholeNumber(0, Number.MAX_SAFE_INTEGER, { optional: true })
  expectedRevision?: number;

  @IsOptional()
  @Matches(VISIBLE_ASCII_TOKEN, { message: TOKEN_MESSAGE })
  correlationId?: string;
}

/**
 * The command request a message asks for, judged exactly as the same
 * command over HTTP: the body against the same DTO (unknown fields refused,
 * each violation named as HTTP names it), then the same service. Every
 * problem of the envelope and the body is reported at once, as one
 * RequestValidationError.
 */
export async function commandRequestFrom(message: ReadableCommand): Promise<ComplaintCommandRequest> {
  const violations: FieldViolation[] = [];
  const envelope = await collect(violations, () => validateBody(CommandEnvelopeDto, message.fields));
  const name = message.fields.command;
  const route = typeof name === 'string' && name !== RECEIVE_COMMAND ? commandRouteNamed(name) : undefined;
  if (typeof name === 'string' && name !== RECEIVE_COMMAND && !route) {
    const known = [RECEIVE_COMMAND, ...COMPLAINT_COMMAND_ROUTES.map((r) => r.name)].join(', ');
    violations.push({ field: 'command', message: `unknown command "${name.slice(0, 100)}"; known: ${known}` });
  }
  const bodyDto = name === RECEIVE_COMMAND ? ReceiveComplaintDto : route?.body;
  // A missing or non-object body is the envelope's violation; its fields are judged once it is an object.
  const { body: sentBody } = message.fields;
  const isObject = sentBody !== null && typeof sentBody === 'object' && !Array.isArray(sentBody);
  const body = bodyDto && isObject ? await collect(violations, () => validateBody(bodyDto, sentBody)) : undefined;
  if (violations.length > 0 || !envelope || !body) throw new RequestValidationError(violations);

  const { complaintId } = message;
  const command = (
    route ? { type: route.type, ...body } : { type: 'ReceiveComplaint', complaintId, ...body }
  ) as UnstampedComplaintCommand;
  return {
    complaintId,
    command,
    commandId: message.commandId,
    correlationId: envelope.correlationId ?? message.commandId,
    actor: { id: envelope.actor.id, role: envelope.actor.role },
    expectedRevision: envelope.expectedRevision,
  };
}

async function collect<T>(violations: FieldViolation[], validate: () => Promise<T>): Promise<T | undefined> {
  try {
    return await validate();
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    violations.push(...error.violations);
    return undefined;
  }
}
