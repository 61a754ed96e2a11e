/**
 * npm run conformance -- <vectors.json> [--verbose] [--max-failures N]
 * Prints a count per record path, the failures (the first N), and ends with
 * "N passed, N failed". Exits 0 when every record passed, 1 when any failed,
 * 2 for a usage error or a file that cannot be read as a vectors file.
 */
import { readFileSync } from "node:fs";
import { runConformance } from "./conformance/run.js";
import type { ConformanceResult } from "./conformance/run.js";

const USAGE = "usage: npm run conformance -- <vectors.json> [--verbose] [--max-failures N]\n";

interface Options { file: string; verbose: boolean; maxFailures: number }

function parseArgs(argv: string[]): Options | string {
  const files: string[] = [];
  let verbose = false;
  let maxFailures = 20;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--verbose") verbose = true;
    else if (arg === "--max-failures" || arg.startsWith("--max-failures=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      maxFailures = Number(value);
      if (!Number.isInteger(maxFailures) || maxFailures < 0) return `error: --max-failures needs a non-negative integer, got '${value ?? ""}'\n`;
    } else if (arg.startsWith("--")) return `error: unknown option '${arg}'\n`;
    else files.push(arg);
  }
  if (files.length !== 1) return USAGE;
  return { file: files[0]!, verbose, maxFailures };
}

function readVectors(file: string): Record<string, unknown> | string {
  let text: string;
  try { text = readFileSync(file, "utf8"); } catch (error) {
    return `error: cannot read vectors file ${file}: ${(error as Error).message}\n`;
  }
  let data: unknown;
  try { data = JSON.parse(text); } catch (error) {
    return `error: vectors file ${file} is not valid JSON: ${(error as Error).message}\n`;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return `error: vectors file ${file} must hold a JSON object of record lists\n`;
  }
  return data as Record<string, unknown>;
}

function report(result: ConformanceResult, options: Options, ms: number): void {
  const width = Math.max(28, ...result.categories.map((c) => c.path.length + 1));
  for (const c of result.categories) {
    process.stdout.write(`${c.path.padEnd(width)} ${String(c.passed).padStart(6)} passed ${String(c.failed).padStart(6)} failed\n`);
  }
  const shown = options.verbose ? result.failures : result.failures.slice(0, options.maxFailures);
  for (const f of shown) {
    process.stdout.write(`FAIL ${f.path}[${f.index}] ${String(JSON.stringify(f.record)).slice(0, 300)}\n     ${f.reason}\n`);
  }
  if (shown.length < result.failures.length) process.stdout.write(`(${result.failures.length - shown.length} more failures; --verbose shows all)\n`);
  process.stdout.write(`took ${ms.toFixed(0)} ms\n`);
  process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
}

function main(argv: string[]): number {
  const options = parseArgs(argv);
  if (typeof options === "string") { process.stderr.write(options); return 2; }
  const data = readVectors(options.file);
  if (typeof data === "string") { process.stderr.write(data); return 2; }
  const started = performance.now();
  const result = runConformance(data);
  report(result, options, performance.now() - started);
  return result.failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
