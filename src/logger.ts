import { classifyDatabaseError, databaseErrorCode, isDatabaseError } from './db/errors';

/** JSON lines on stdout/stderr, filtered by LOG_LEVEL. Never give it tokens or request bodies. */

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;
export type Logger = Record<Exclude<LogLevel, 'silent'>, (message: string, fields?: Record<string, unknown>) => void>;

export function createLogger(level: LogLevel): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[at] < LEVELS[level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields });
    (LEVELS[at] >= LEVELS.warn ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * The fields a log line may carry about an error. A database error's message, `detail`,
 * `where` and drizzle's wrapper hold the query text and the request's values (addresses,
 * token hashes, ids), so it is logged by SQLSTATE, class and a fixed message only.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (isDatabaseError(error)) {
    const failure = classifyDatabaseError(error);
    const { code, errorClass } = failure ?? databaseErrorCode(error);
    return {
      error: failure ? `database ${failure.kind}: ${failure.reason}` : 'database error',
      code,
      error_class: errorClass,
    };
  }
  if (!(error instanceof Error)) return { error: `a thrown ${typeof error}` };
  return { error: error.message, code: (error as { code?: string }).code, stack: error.stack };
}
