/**
 * The errors of PEP 508 parsing and marker evaluation.
 *
 * Parse errors carry `input` and `span`. The span follows packaging's
 * `ParserSyntaxError` convention, in code-point columns of `input`: the
 * reference underlines [start, end) with `~` and puts the `^` at `end`
 * (so an empty span is a bare caret at `start`).
 */
import { AccelError } from "../report/errors.js";

export interface ParseErrorOptions {
  input: string;
  span?: [number, number];
  location?: string;
  cause?: unknown;
}

function options(o: ParseErrorOptions): ConstructorParameters<typeof AccelError>[2] {
  return {
    input: o.input,
    ...(o.span ? { span: o.span } : {}),
    ...(o.location !== undefined ? { location: o.location } : {}),
    ...(o.cause !== undefined ? { cause: o.cause } : {}),
  };
}

/** A marker expression that does not follow the PEP 508 grammar. */
export class InvalidMarker extends AccelError {
  constructor(message: string, o: ParseErrorOptions) {
    super("invalid-marker", message, options(o));
    this.name = "InvalidMarker";
  }
}

/** A dependency specifier (requirement string) that does not follow PEP 508. */
export class InvalidRequirement extends AccelError {
  constructor(message: string, o: ParseErrorOptions) {
    super("invalid-requirement", message, {
      ...options(o),
      hint: "see https://packaging.python.org/en/latest/specifications/dependency-specifiers/",
    });
    this.name = "InvalidRequirement";
  }
}

/** A marker names a variable that the evaluation environment does not define. */
export class UndefinedEnvironmentName extends AccelError {
  constructor(readonly variable: string) {
    super("undefined-environment-name", `The marker variable '${variable}' is not defined in the evaluation environment`, {
      hint: variable === "extras" || variable === "dependency_groups"
        ? `'${variable}' is only defined when evaluating markers of a lock file`
        : undefined,
    });
    this.name = "UndefinedEnvironmentName";
  }
}

/** A marker comparison that has no meaning (e.g. `os_name ~= "1.0"`). */
export class UndefinedComparison extends AccelError {
  constructor(lhs: string, op: string, rhs: string) {
    super("undefined-comparison", `Undefined comparison '${op}' on '${lhs}' and '${rhs}'`);
    this.name = "UndefinedComparison";
  }
}
