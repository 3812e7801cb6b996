/**
 * The one reader of database error codes. Drizzle wraps a driver's error (with the query text
 * and its parameters in the message), so every answer here comes from walking `.cause`, and
 * only from codes and the drivers' own fixed messages: never from text a request supplied.
 */

export type DatabaseErrorKind = 'unavailable' | 'retryable' | 'constraint';

export type DatabaseFailure = {
  kind: DatabaseErrorKind;
  /** The SQLSTATE or socket error code, when the failure has one. */
  code?: string;
  /** A fixed description, safe to log and to show in health. */
  reason: string;
  /** The class of the error that carried the code or message. */
  errorClass: string;
};

/** SQLSTATEs and socket errors that mean "the database cannot do this now", not "we asked wrongly". */
const UNAVAILABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection broken',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  '25006': 'read-only transaction',
  '53000': 'insufficient resources',
  '53100': 'disk full',
  '53200': 'out of memory',
  '53300': 'too many connections',
  '53400': 'configuration limit exceeded',
  '57014': 'statement timeout',
  '57P01': 'server shutting down',
  '57P02': 'server crashed',
  '57P03': 'server not accepting connections yet',
};

const RETRYABLE: Record<string, string> = {
  '40001': 'serialization failure',
  '40P01': 'deadlock',
};

/**
 * node-postgres and PGlite report a lost or frozen link with these messages and no code.
 * Anchored at the start: drizzle's own message ("Failed query: ...") carries request values,
 * and those must never decide the classification.
 */
const UNAVAILABLE_MESSAGES: [RegExp, string][] = [
  [/^Query read timeout/, 'no answer within the time limit'],
  [/^timeout exceeded when trying to connect/, 'no connection within the time limit'],
  [/^Connection terminated/, 'connection lost'],
  [/^Client has encountered a connection error/, 'connection lost'],
  [/^Client was closed and is not queryable/, 'connection closed'],
  [/^PGlite is closed/, 'database closed'],
];

/** Enough for drizzle's wrapper and a driver error; a cycle must not loop forever. */
const MAX_CAUSE_DEPTH = 8;

/** The errors an error was caused by, outermost first. */
function causeChain(error: unknown): object[] {
  const chain: object[] = [];
  for (let e: unknown = error; typeof e === 'object' && e !== null && chain.length < MAX_CAUSE_DEPTH;) {
    if (chain.includes(e)) break;
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

function classOf(error: object): string {
  return error.constructor?.name || 'Object';
}

export function classifyDatabaseError(error: unknown): DatabaseFailure | undefined {
  for (const e of causeChain(error)) {
    const code = (e as { code?: unknown }).code;
    const errorClass = classOf(e);
    if (typeof code === 'string') {
      const unavailable = UNAVAILABLE[code] ?? (code.startsWith('08') ? 'connection failure' : undefined);
      if (unavailable) return { kind: 'unavailable', code, reason: unavailable, errorClass };
      const retryable = RETRYABLE[code];
      if (retryable) return { kind: 'retryable', code, reason: retryable, errorClass };
      if (code.startsWith('23') && isSqlState(code)) {
        return { kind: 'constraint', code, reason: 'constraint violated', errorClass };
      }
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') {
      const match = UNAVAILABLE_MESSAGES.find(([pattern]) => pattern.test(message));
      if (match) return { kind: 'unavailable', reason: match[1], errorClass };
    }
  }
  return undefined;
}

/** "disk full (53100)": the form health and logs show a failure in. */
export function failureText(failure: DatabaseFailure): string {
  return failure.code ? `${failure.reason} (${failure.code})` : failure.reason;
}

export function databaseErrorKind(error: unknown): DatabaseErrorKind | undefined {
  return classifyDatabaseError(error)?.kind;
}

/** Socket errors (EPIPE, ECONNRESET) are not SQLSTATEs, though some are five letters long. */
function isSqlState(code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E');
}

/**
 * True when the error came from the database or its driver, whether or not its code is one we
 * know: such errors carry query text, parameters or `detail`, so they are logged by code only.
 * A bare socket error is not one: Redis reports the same codes.
 */
export function isDatabaseError(error: unknown): boolean {
  return causeChain(error).some((e) => {
    const { code, severity, query, message } = e as {
      code?: unknown;
      severity?: unknown;
      query?: unknown;
      message?: unknown;
    };
    // A server error (pg and PGlite) has a severity; drizzle's wrapper and PGlite's carry the query.
    if (typeof severity === 'string' || typeof query === 'string') return true;
    if (typeof code === 'string' && isSqlState(code)) return true;
    return typeof message === 'string' && UNAVAILABLE_MESSAGES.some(([pattern]) => pattern.test(message));
  });
}

/** The SQLSTATE (or socket code) and class of a database error, for a log line. */
export function databaseErrorCode(error: unknown): { code?: string; errorClass: string } {
  const chain = causeChain(error);
  const coded = chain.find((e) => typeof (e as { code?: unknown }).code === 'string');
  const origin = coded ?? chain[chain.length - 1];
  return {
    code: coded ? (coded as { code: string }).code : undefined,
    errorClass: origin ? classOf(origin) : 'unknown',
  };
}

/** True when the error is a unique violation of the named constraint or index (a code drawn twice, say). */
export function violatesUnique(error: unknown, constraint: string): boolean {
  return causeChain(error).some(
    (e) => (e as { code?: unknown }).code === '23505' && (e as { constraint?: unknown }).constraint === constraint,
  );
}
