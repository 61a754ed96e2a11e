/**
 * Terminal output for the CLI: plain lines when piped or in CI, a single
 * updating status line on a TTY, verbosity levels from -v/-q, NO_COLOR, and
 * error rendering (code, message, underlined span, hint). Only the CLI prints.
 */
import { AccelError } from "../report/errors.js";

export interface OutputOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** verbose count minus quiet count */
  verbosity: number;
  noColor?: boolean;
}

export class Output {
  readonly verbosity: number;
  private readonly color: boolean;
  private readonly live: boolean;
  private statusShown = false;
  /** How many warnings, details and errors were written (a run that wrote any is not remembered as a no-op). */
  notes = 0;

  constructor(private readonly options: OutputOptions) {
    this.verbosity = options.verbosity;
    const noColor = options.noColor || options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== "";
    this.color = !noColor && Boolean(options.stderr.isTTY) && options.env.TERM !== "dumb";
    this.live = Boolean(options.stderr.isTTY) && !options.env.CI && options.verbosity >= 0;
  }

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private clearStatus(): void {
    if (this.statusShown) {
      this.options.stderr.write("\r\u001b[2K");
      this.statusShown = false;
    }
  }

  /** Normal progress lines (hidden with -q). */
  info(line: string): void {
    if (this.verbosity < 0) return;
    this.clearStatus();
    this.options.stdout.write(`${line}\n`);
  }

  /** Detail shown with -v. */
  debug(line: string): void {
    if (this.verbosity < 1) return;
    this.notes++;
    this.clearStatus();
    this.options.stderr.write(`${this.paint("2", line)}\n`);
  }

  warn(line: string): void {
    if (this.verbosity < -1) return;
    this.notes++;
    this.clearStatus();
    this.options.stderr.write(`${this.paint("33", "warning:")} ${line}\n`);
  }

  /** A transient status (spinner-like) on a TTY; nothing when piped. */
  status(text: string): void {
    if (!this.live) return;
    const width = Math.max(20, (this.options.stdout.columns ?? 80) - 1);
    this.options.stderr.write(`\r\u001b[2K${text.slice(0, width)}`);
    this.statusShown = true;
  }

  done(): void {
    this.clearStatus();
  }

  /** Data output (freeze, resolve -o -, report -): never hidden by -q. */
  data(text: string): void {
    this.clearStatus();
    this.options.stdout.write(text);
  }

  error(error: unknown): void {
    this.notes++;
    this.clearStatus();
    this.options.stderr.write(formatError(error, (c, t) => this.paint(c, t)));
  }
}

/** Renders an error: `error[code]: message`, the input with the span underlined, and `hint:`. */
export function formatError(error: unknown, paint: (code: string, text: string) => string = (_c, t) => t): string {
  if (!(error instanceof AccelError)) {
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    return `${paint("31", "error[internal]:")} ${message}\nhint: this is a bug in pip-accel; please report it with the command you ran.\n`;
  }
  let text = `${paint("31", `error[${error.code}]:`)} ${error.message}\n`;
  if (error.input !== undefined && error.span) {
    const [start, end] = error.span;
    const line = error.input.split("\n")[0] ?? "";
    text += `    ${line}\n    ${" ".repeat(start)}${"^".repeat(Math.max(1, Math.min(end, line.length + 1) - start))}\n`;
  }
  if (error.location) text += `  at ${error.location}\n`;
  if (error.hint) text += `${paint("36", "hint:")} ${error.hint}\n`;
  return text;
}
