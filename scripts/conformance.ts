/**
 * npm run conformance -- <vectors.json> [--verbose] [--max-failures N]
 * Prints a count per record path, the failures (the first N), and ends with
 * "N passed, N failed". Exits 1 when any record failed.
 */
import { readFileSync } from "node:fs";
import { runConformance } from "./conformance/run.js";

function main(argv: string[]): number {
  const args = argv.filter((a) => !a.startsWith("--"));
  const verbose = argv.includes("--verbose");
  const maxIndex = argv.indexOf("--max-failures");
  const maxFailures = maxIndex >= 0 ? Number(argv[maxIndex + 1]) : 20;
  const file = args[0];
  if (!file) {
    process.stderr.write("usage: npm run conformance -- <vectors.json> [--verbose] [--max-failures N]\n");
    return 2;
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    process.stderr.write(`error: cannot read vectors file ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const started = performance.now();
  const result = runConformance(data);
  const ms = performance.now() - started;
  for (const c of result.categories) {
    process.stdout.write(`${c.path.padEnd(28)} ${String(c.passed).padStart(6)} passed ${String(c.failed).padStart(6)} failed\n`);
  }
  const shown = verbose ? result.failures : result.failures.slice(0, maxFailures);
  for (const f of shown) {
    process.stdout.write(`FAIL ${f.path}[${f.index}] ${JSON.stringify(f.record).slice(0, 300)}\n     ${f.reason}\n`);
  }
  if (shown.length < result.failures.length) process.stdout.write(`(${result.failures.length - shown.length} more failures; --verbose shows all)\n`);
  process.stdout.write(`took ${ms.toFixed(0)} ms\n`);
  process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
  return result.failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
