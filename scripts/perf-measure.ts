/**
 * `node dist/scripts/perf-measure.js [--runs N] [CLI…]`: start-up, no-op and
 * warm-install times of one or more pip-accel entry points on the demo
 * index, side by side (medians of N runs, default 7). Used to decide what
 * the perf work keeps (docs/perf.md). Venv creation is not timed; the cache
 * is filled once by a cold install before the timed runs.
 *
 * Each figure is "wall/cpu" (cpu = user + system time of the process, from
 * /usr/bin/time), since wall-clock time is noisy on a shared machine; the
 * CLIs are interleaved run by run.
 *
 * CLI defaults to the tsc output and, when it exists, the bundle
 * (dist/bin/pip-accel.cjs).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer } from "../test/kit/index-server.js";
import { makeVenv, sandbox } from "./demo.js";

interface Sample {
  wall: number;
  cpu: number;
}

type Scenario = "version" | "noop" | "warm";

function parseArgs(argv: string[]): { runs: number; clis: string[] } {
  let runs = 7;
  const clis: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") runs = Number(argv[++i]);
    else clis.push(resolve(argv[i]!));
  }
  if (clis.length === 0) {
    clis.push(fileURLToPath(new URL("../src/cli/main.js", import.meta.url)));
    const bundle = fileURLToPath(new URL("../bin/pip-accel.cjs", import.meta.url));
    if (existsSync(bundle)) clis.push(bundle);
  }
  return { runs, clis };
}

type ServerOptions = Parameters<typeof startIndexServer>[0];

/**
 * The demo index, whichever shape scripts/demo-index.ts has: a directory of
 * wheels from `buildDemoIndex(work)`, or served sdists from the async
 * `buildDemoIndex(options)` (the demo branch's rework). Loosely typed on
 * purpose, so this script compiles against both.
 */
async function demoIndex(work: string): Promise<{ dir?: string; projects?: unknown; requirementsFile: string }> {
  const demo = (await import("./demo-index.js")) as unknown as { buildDemoIndex(arg: unknown): unknown };
  const built = (await demo.buildDemoIndex(demo.buildDemoIndex.length === 0 ? {} : work)) as { dir?: string; projects?: unknown; requirementsFile: string };
  return built;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function format(samples: Sample[]): string {
  const wall = median(samples.map((s) => s.wall));
  const cpu = median(samples.map((s) => s.cpu));
  return `${wall.toFixed(0)}/${cpu.toFixed(0)}`.padStart(10);
}

/** Runs `node cli args…` under /usr/bin/time; throws on failure. */
async function timedRun(cli: string, args: string[], env: NodeJS.ProcessEnv, work: string): Promise<Sample> {
  const report = join(work, "time.txt");
  const child = spawn("/usr/bin/time", ["-f", "%e %U %S", "-o", report, process.execPath, cli, ...args], { env, cwd: work });
  let stderr = "";
  child.stdout.resume();
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => child.on("error", reject).on("close", resolve));
  if (code !== 0) throw new Error(`${cli} ${args.join(" ")} failed:\n${stderr}`);
  const [wall, user, sys] = readFileSync(report, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wall: wall! * 1000, cpu: (user! + sys!) * 1000 };
}

async function main(): Promise<void> {
  const { runs, clis } = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), "pip-accel-perf-"));
  const env = sandbox(work);
  const index = await demoIndex(work);
  const server = await startIndexServer((index.projects !== undefined ? { projects: index.projects } : { root: index.dir }) as ServerOptions);
  let venvCount = 0;
  try {
    const run = (cli: string, args: string[]): Promise<Sample> => timedRun(cli, args, env, work);
    const install = (cli: string, venv: string): Promise<Sample> =>
      run(cli, ["install", "--python", venv, "--cache-dir", join(work, "cache"), "-i", server.simpleUrl, "-r", index.requirementsFile]);
    const newVenv = (): string => {
      const dir = join(work, `venv-${venvCount++}`);
      makeVenv(dir);
      return dir;
    };
    const results = new Map<string, Record<Scenario, Sample[]>>();
    const settled = new Map<string, string>();
    for (const cli of clis) {
      const venv = newVenv();
      await install(cli, venv);
      settled.set(cli, venv);
      results.set(cli, { version: [], noop: [], warm: [] });
    }
    for (let i = 0; i < runs; i++) {
      for (const cli of clis) {
        const into = results.get(cli)!;
        into.version.push(await run(cli, ["--version"]));
        into.noop.push(await install(cli, settled.get(cli)!));
        const venv = newVenv();
        into.warm.push(await install(cli, venv));
      }
    }
    console.log(`medians of ${runs} runs, wall/cpu ms   --version      no-op       warm`);
    for (const [cli, m] of results) {
      console.log(`${cli.slice(-32).padEnd(32)} ${format(m.version)} ${format(m.noop)} ${format(m.warm)}`);
    }
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
