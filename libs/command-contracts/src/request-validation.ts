import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldViolation } from '@redress/domain';
import { rememberValidationMetadata } from './validation-metadata-cache';

/** The request body (or a header) is malformed; lists every problem found. */
export class RequestValidationError extends Error {
  constructor(readonly violations: FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    this.name = 'RequestValidationError';
  }
}

/**
 * Validates a JSON body against a DTO class: unknown properties are refused
 * (a typo must not be silently dropped), and every violation is reported with
 * its dotted path.
 */
export async function validateBody<T extends object>(dto: new () => T, body: unknown): Promise<T> {
  rememberValidationMetadata();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestValidationError([{ field: 'body', message: 'must be a JSON object' }]);
  }
  const instance = plainToInstance(dto, body);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // One message per field: the first rule it breaks, not every rule that follows from it.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new RequestValidationError(flatten(errors));
  return instance;
}

function flatten(errors: ValidationError[], prefix = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: messageFor(field, message),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator names only the leaf property; say the full path instead. */
function messageFor(field: string, message: string): string {
  const leaf = field.split('.').pop() as string;
  return message.startsWith(`${leaf} `) ? message.slice(leaf.length + 1) : message;
}
