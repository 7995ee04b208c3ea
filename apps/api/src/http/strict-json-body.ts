import type { FastifyInstance } from 'fastify';

/** Deeper than any request the API defines (its deepest is three levels); a body nested past this is hostile. */
export const MAX_JSON_NESTING = 32;

/** A refused body, with the status and code the exception filter relays to the client. */
class RequestBodyRejected extends Error {
  readonly statusCode = 400;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only body parser the API has: JSON, strictly.
 * - Invalid UTF-8 is refused, not decoded into U+FFFD: silently replacing a
 *   customer's words would store something they never wrote.
 * - Nesting is bounded before parsing, because validating an absurdly deep
 *   document recurses until the stack overflows (a 500 for a client error).
 * - Parsing is Fastify's own, which refuses `__proto__` and `constructor`
 *   keys that could poison prototypes.
 * The body limit is Fastify's and is checked before any of this runs.
 */
export function acceptOnlyStrictJson(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new RequestBodyRejected('INVALID_UTF8', 'the request body is not valid UTF-8'), undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_NESTING)) {
      const message = `the request body nests objects or arrays more than ${MAX_JSON_NESTING} levels deep`;
      done(new RequestBodyRejected('JSON_TOO_DEEP', message), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}

/** Whether brackets outside string literals nest deeper than `limit`; malformed text is left to the parser. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}
