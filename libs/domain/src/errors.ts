/**
 * Domain errors say why a command was refused in terms a caller can act on.
 * Adapters translate them (HTTP: 400/409, Kafka: a rejected command result),
 * so each carries structured details rather than only a message.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export interface FieldViolation {
  field: string;
  message: string;
}

/** The command is well-formed but its values break a domain rule (e.g. a vague progress update). */
export class InvalidCommandError extends DomainError {
  readonly code = 'INVALID_COMMAND';
  constructor(readonly violations: FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    this.name = 'InvalidCommandError';
  }
}

/** The command does not apply in the aggregate's current lifecycle status. */
export class CommandNotAllowedError extends DomainError {
  readonly code = 'COMMAND_NOT_ALLOWED';
  constructor(
    readonly command: string,
    readonly status: string,
    readonly allowedCommands: readonly string[],
  ) {
    super(
      `${command} is not allowed while the complaint is ${status}; allowed: ${
        allowedCommands.length ? allowedCommands.join(', ') : 'none'
      }`,
    );
    this.name = 'CommandNotAllowedError';
  }
}

/** The status allows the command, but a precondition of the lifecycle is not met yet. */
export class PreconditionFailedError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
  constructor(
    readonly command: string,
    readonly status: string,
    readonly unmetConditions: readonly string[],
  ) {
    super(`${command} cannot be accepted yet: ${unmetConditions.join('; ')}`);
    this.name = 'PreconditionFailedError';
  }
}
