/** JSON lines on stdout/stderr, filtered by LOG_LEVEL. Never give it tokens or request bodies. */

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;
export type Logger = Record<Exclude<LogLevel, 'silent'>, (message: string, fields?: Record<string, unknown>) => void>;

export function createLogger(level: LogLevel): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[at] < LEVELS[level]) return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields })}\n`;
    if (LEVELS[at] >= LEVELS.warn) {
      // Problems go out at once, after whatever was logged before them.
      stdoutLines.flush();
      process.stderr.write(line);
    } else stdoutLines.add(line);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * Info lines (one per request) leave in one write per event-loop turn rather than one each, which
 * costs less per line than a write each or pino's asynchronous destination (docs/OPERATIONS.md,
 * "Logs"). Nothing waits longer than the turn, and the rest goes out on exit.
 */
class LineBuffer {
  private lines: string[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    process.once('exit', () => this.flush());
  }

  add(line: string): void {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= 64 * 1024) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.bytes = 0;
    this.stream.write(text);
  }
}

const stdoutLines = new LineBuffer(process.stdout);

/** Fields a log line may carry about an error whose message must not be logged; undefined for others. */
type ErrorDescriber = (error: unknown) => Record<string, unknown> | undefined;

let describers: readonly ErrorDescriber[] = [];

/**
 * Teaches describeError a kind of error to log by its code only. The composition root passes the
 * database's (src/db/caught-errors.ts): the logger sits below the database and cannot read its codes.
 */
export function describeErrorsWith(describer: ErrorDescriber): void {
  if (!describers.includes(describer)) describers = [...describers, describer];
}

/** The fields a log line may carry about an error: what a describer says, or its message, code and stack. */
export function describeError(error: unknown): Record<string, unknown> {
  for (const describe of describers) {
    const fields = describe(error);
    if (fields) return fields;
  }
  if (!(error instanceof Error)) return { error: `a thrown ${typeof error}` };
  return { error: error.message, code: (error as { code?: string }).code, stack: error.stack };
}
