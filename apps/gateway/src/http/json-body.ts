import { FieldError } from '@pt/contracts';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem, problem } from './problem';

/**
 * The shape a JSON body may have. Each bound sits above the largest legitimate request
 * (the widest array is a CTF export's 50,000 pupil ids, the longest string a policy
 * document's 200,000 characters, the deepest DTO about five levels); the DTOs refuse
 * tighter, naming the field. These exist so that nothing unbounded reaches JSON.parse's
 * callers: class-transformer and the ValidationPipe recurse through every level, and a
 * body nested 20,000 deep overflowed their stack as a 500.
 */
export const JSON_BODY_LIMITS = {
  maxDepth: 32,
  maxKeys: 1000,
  maxArrayLength: 50_000,
  maxStringLength: 200_000,
} as const;

export type JsonBodyLimits = { [K in keyof typeof JSON_BODY_LIMITS]: number };

/** A request refused before it reached a route, carrying the problem it answers with. */
export class RequestRefusal extends Error {
  readonly statusCode: number;

  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.statusCode = problem.status;
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the JSON text nests objects and arrays deeper than `maxDepth`, read from the
 * bytes before parsing: an attack body stops the scan at its `maxDepth + 1`th bracket, so
 * it is refused in microseconds whatever its size, where JSON.parse alone would spend
 * milliseconds building the tower first. Brackets inside strings do not count.
 */
export function nestsDeeperThan(text: Buffer, maxDepth: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const byte = text[i];
    if (byte === QUOTE) {
      for (i++; i < length && text[i] !== QUOTE; i++) if (text[i] === BACKSLASH) i++;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** The first key count, array length or string length beyond the limits, naming where it is. */
export function findOversizedPart(value: unknown, limits: JsonBodyLimits): Problem | null {
  const path: string[] = [];
  const named = (): FieldError[] => [{ field: path.length ? path.join('.') : 'body', message: '' }];
  const refuse = (code: string, detail: string, message: string): Problem => {
    const errors = named();
    errors[0].message = message;
    return problem(400, code, detail, { errors });
  };
  // Recursion is safe: the depth was bounded before parsing.
  const visit = (node: unknown): Problem | null => {
    if (typeof node === 'string') {
      return node.length > limits.maxStringLength
        ? refuse(
            'body.string_too_long',
            `A string in the body is longer than ${limits.maxStringLength} characters`,
            `must be at most ${limits.maxStringLength} characters`,
          )
        : null;
    }
    if (typeof node !== 'object' || node === null) return null;
    if (Array.isArray(node)) {
      if (node.length > limits.maxArrayLength) {
        return refuse(
          'body.array_too_long',
          `An array in the body has more than ${limits.maxArrayLength} items`,
          `must have at most ${limits.maxArrayLength} items`,
        );
      }
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item !== 'object' && typeof item !== 'string') continue;
        path.push(String(i));
        const found = visit(item);
        if (found) return found;
        path.pop();
      }
      return null;
    }
    const keys = Object.keys(node);
    if (keys.length > limits.maxKeys) {
      return refuse(
        'body.too_many_keys',
        `An object in the body has more than ${limits.maxKeys} keys`,
        `must have at most ${limits.maxKeys} keys`,
      );
    }
    for (const key of keys) {
      const item = (node as Record<string, unknown>)[key];
      if (typeof item !== 'object' && typeof item !== 'string') continue;
      path.push(key);
      const found = visit(item);
      if (found) return found;
      path.pop();
    }
    return null;
  };
  return visit(value);
}

type JsonParser = (text: Buffer) => unknown;

/**
 * Parses a JSON body within the limits, or throws the RequestRefusal it answers with:
 * depth is checked on the bytes, before parsing; keys, array lengths and string lengths on
 * the parsed value, before anything else sees it.
 */
export function parseJsonBody(text: Buffer, parse: JsonParser, limits: JsonBodyLimits = JSON_BODY_LIMITS): unknown {
  if (nestsDeeperThan(text, limits.maxDepth)) {
    throw new RequestRefusal(
      problem(400, 'body.too_deep', `The JSON body nests objects and arrays deeper than ${limits.maxDepth} levels`),
    );
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    // The parser's message may quote the body, which may hold personal data.
    throw new RequestRefusal(
      text.length === 0
        ? problem(400, 'body.empty', 'The request body is empty')
        : problem(400, 'body.malformed', 'The request body is not valid JSON'),
    );
  }
  const oversized = findOversizedPart(value, limits);
  if (oversized) throw new RequestRefusal(oversized);
  return value;
}

/** `charset` of a Content-Type, lower case, or null when it names none. */
function charsetOf(request: FastifyRequest): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(request.headers['content-type'] ?? ''));
  return match ? match[1].toLowerCase() : null;
}

/**
 * The gateway's only JSON parser, in place of Fastify's and Nest's (Nest also registers
 * application/x-www-form-urlencoded, which let a cross-site HTML form post to the API).
 * Fastify's secure parser still refuses `__proto__` and `constructor.prototype` keys.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const secureParse = fastify.getDefaultJsonParser('error', 'error');
  const parse: JsonParser = (text) => {
    // Fastify's parser answers through a callback, synchronously; it reads a Buffer as UTF-8.
    let outcome: { error: Error | null; value?: unknown } = { error: null };
    secureParse(undefined as never, text as unknown as string, (error, value) => {
      outcome = { error, value };
    });
    if (outcome.error) throw outcome.error;
    return outcome.value;
  };
  if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const charset = charsetOf(request);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      done(
        new RequestRefusal(problem(415, 'body.unsupported_media_type', 'A JSON body must be encoded as UTF-8')),
        undefined,
      );
      return;
    }
    try {
      done(null, parseJsonBody(body as Buffer, parse));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
