import { CommandNotAllowedError, InvalidCommandError } from './errors';
import { canonicalInstant, parseInstant } from './complaint/validation';

/**
 * A command refused in an aggregate's current status. It is a
 * CommandNotAllowedError (so adapters answer 409 as for complaints) whose
 * message names the right aggregate instead of "the complaint".
 */
export class LifecycleCommandNotAllowedError extends CommandNotAllowedError {
  constructor(
    readonly aggregate: string,
    command: string,
    status: string,
    allowedCommands: readonly string[],
  ) {
    super(command, status, allowedCommands);
    this.message = `${command} is not allowed while the ${aggregate} is ${status}; allowed: ${
      allowedCommands.length ? allowedCommands.join(', ') : 'none'
    }`;
    this.name = 'LifecycleCommandNotAllowedError';
  }
}

/**
 * Checks a command against a lifecycle table (command type → statuses that
 * accept it) and returns the command's instant in canonical UTC. Deciders of
 * the smaller aggregates (survey, early warning) share this first step.
 */
export function admitCommand<Type extends string, Status extends string>(
  aggregate: string,
  allowedIn: Readonly<Record<Type, readonly Status[]>>,
  command: { type: Type; issuedAt: string },
  status: Status,
): { issuedAtMs: number; now: string } {
  const allowed = allowedIn[command.type] as readonly Status[] | undefined;
  if (!allowed) throw new InvalidCommandError([{ field: 'type', message: `unknown command type ${command.type}` }]);
  if (!allowed.includes(status)) {
    const accepted = (Object.keys(allowedIn) as Type[]).filter((type) => allowedIn[type].includes(status));
    throw new LifecycleCommandNotAllowedError(aggregate, command.type, status, accepted);
  }
  const issuedAtMs = parseInstant(command.issuedAt);
  if (Number.isNaN(issuedAtMs))
    throw new InvalidCommandError([{ field: 'issuedAt', message: 'must be an ISO-8601 instant' }]);
  return { issuedAtMs, now: canonicalInstant(issuedAtMs) };
}
