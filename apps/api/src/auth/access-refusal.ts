import type { CommandErrorAnswer } from '@redress/command-contracts';

/**
 * A request refused by authentication (401, with the WWW-Authenticate
 * challenge RFC 9110 requires) or by authorisation (403). The message says
 * why in the caller's terms and never repeats the credential.
 */
export class AccessRefusal extends Error {
  private constructor(
    readonly status: 401 | 403,
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    message: string,
    private readonly challenge: string | undefined,
  ) {
    super(message);
    this.name = 'AccessRefusal';
  }

  /** Missing or unusable credentials; `error` is RFC 6750's code when a bearer token was presented and failed. */
  static unauthenticated(message: string, error?: 'invalid_token'): AccessRefusal {
    const bearer = error ? `Bearer realm="redress", error="${error}"` : 'Bearer realm="redress"';
    return new AccessRefusal(401, 'UNAUTHENTICATED', message, `${bearer}, ApiKey realm="redress"`);
  }

  static forbidden(message: string): AccessRefusal {
    return new AccessRefusal(403, 'FORBIDDEN', message, undefined);
  }

  answer(): CommandErrorAnswer {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.challenge !== undefined && { headers: { 'www-authenticate': this.challenge } }),
    };
  }
}
