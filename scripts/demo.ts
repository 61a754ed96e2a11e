/**
 * `npm run demo`: builds the bundled example index, serves it on
 * 127.0.0.1, creates a venv without pip, runs `pip-accel install -r` into
 * it cold (empty cache) and then into a fresh venv warm (full cache),
 * prints both times, and proves the result works: imports the C extension
 * and runs the console scripts. Everything lives in a temp directory that
 * is removed at the end (pass --keep to keep it).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer } from "../test/kit/index-server.js";
import { cleanPythonEnv } from "../test/kit/repo.js";
import { buildDemoIndex } from "./demo-index.js";

const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));

export function sandbox(home: string): NodeJS.ProcessEnv {
  return cleanPythonEnv({ HOME: home, PIP_CONFIG_FILE: "/dev/null", XDG_CONFIG_HOME: join(home, ".config") });
}

/** Runs a command without blocking the event loop (the index server runs in this process); returns ms. */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; stdout: string; stderr: string; code: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, stdout, stderr, code: code ?? -1 }));
  });
}

export function makeVenv(dir: string, withPip = false): string {
  const result = spawnSync("python3", ["-m", "venv", ...(withPip ? [] : ["--without-pip"]), dir], { env: cleanPythonEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`python3 -m venv failed: ${result.stderr}`);
  return join(dir, "bin", "python");
}

function check(label: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { env: cleanPythonEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  console.log(`  ok  ${label}: ${result.stdout.trim()}`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "pip-accel-demo-"));
  const env = sandbox(work);
  const server = await startIndexServer({ root: buildDemoIndex(work).dir });
  try {
    console.log(`demo index: ${server.simpleUrl} (6 projects built from test/fixtures/projects)`);
    const install = async (venv: string): Promise<number> => {
      makeVenv(venv);
      const run = await timed(process.execPath, [CLI, "install", "--python", venv, "--cache-dir", join(work, "cache"), "-i", server.simpleUrl, "-r", join(work, "requirements.txt")], env, work);
      if (run.code !== 0) throw new Error(`pip-accel install failed:\n${run.stderr}`);
      process.stdout.write(run.stdout.split("\n").map((l) => (l ? `  ${l}\n` : "")).join(""));
      return run.ms;
    };
    console.log("cold install (empty cache, new venv without pip):");
    const cold = await install(join(work, "venv-cold"));
    server.clearLog();
    console.log("warm install (full cache, another new venv):");
    const warmVenv = join(work, "venv-warm");
    const warm = await install(warmVenv);
    console.log(`\ncold: ${(cold / 1000).toFixed(2)}s   warm: ${(warm / 1000).toFixed(2)}s   (index requests during the warm install: ${server.requests.length})`);
    console.log("\nthe warm venv works:");
    const python = join(warmVenv, "bin", "python");
    check("C extension", python, ["-c", "import pa_demo_cext; print('pa_demo_cext.add(2, 3) =', pa_demo_cext.add(2, 3))"]);
    check("console script", join(warmVenv, "bin", "pa-demo-cli"), ["hello"]);
    check("plain script", join(warmVenv, "bin", "pa-demo-plain"), []);
    check("dependencies", python, ["-c", "import pa_demo_pure, pa_deps_a, pa_deps_b, pa_deps_c; print(pa_demo_pure.greet())"]);
    check("pip-accel check", process.execPath, [CLI, "check", "--python", warmVenv]);
  } finally {
    await server.close();
    if (!process.argv.includes("--keep")) rmSync(work, { recursive: true, force: true });
    else console.log(`kept ${work}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
