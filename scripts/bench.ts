/**
 * `npm run bench`: pip-accel against this machine's pip on the demo index,
 * in one run: cold (empty caches, new venv), warm (full caches, new venv)
 * and no-op (everything installed), printing the times and the ratio
 * pip-accel/pip. pip is isolated from the machine's configuration
 * (`--isolated`, `PIP_CONFIG_FILE=/dev/null`, no PIP_* variables) and reads
 * only the local index server. Venv creation is not timed. No-op figures
 * are the median of three runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer } from "../test/kit/index-server.js";
import { buildDemoIndex } from "./demo-index.js";
import { makeVenv, sandbox, timed } from "./demo.js";

const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const TARGETS = { cold: 0.8, warm: 0.05, "no-op": 0.1 } as const;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "pip-accel-bench-"));
  const env = sandbox(work);
  const index = buildDemoIndex(work);
  const server = await startIndexServer({ root: index.dir });
  try {
    const must = (label: string, run: { code: number; stderr: string; ms: number }): number => {
      if (run.code !== 0) throw new Error(`${label} failed:\n${run.stderr}`);
      return run.ms;
    };
    const pip = async (venv: string): Promise<number> => must("pip install", await timed(join(venv, "bin", "pip"), [
      "install", "--isolated", "--disable-pip-version-check", "--cache-dir", join(work, "pip-cache"), "-i", server.simpleUrl, "-r", index.requirementsFile,
    ], env, work));
    const accel = async (venv: string): Promise<number> => must("pip-accel install", await timed(process.execPath, [
      CLI, "install", "--python", venv, "--cache-dir", join(work, "accel-cache"), "-i", server.simpleUrl, "-r", index.requirementsFile,
    ], env, work));
    const median = async (f: () => Promise<number>): Promise<number> => {
      const runs = [await f(), await f(), await f()].sort((a, b) => a - b);
      return runs[1]!;
    };
    const venvs = { pipCold: "pip-cold", pipWarm: "pip-warm", accelCold: "accel-cold", accelWarm: "accel-warm" };
    for (const [key, name] of Object.entries(venvs)) venvs[key as keyof typeof venvs] = join(work, name);
    makeVenv(venvs.pipCold, true);
    makeVenv(venvs.pipWarm, true);
    makeVenv(venvs.accelCold);
    makeVenv(venvs.accelWarm);
    const rows: Array<[keyof typeof TARGETS, number, number]> = [];
    rows.push(["cold", await accel(venvs.accelCold), await pip(venvs.pipCold)]);
    rows.push(["warm", await accel(venvs.accelWarm), await pip(venvs.pipWarm)]);
    rows.push(["no-op", await median(() => accel(venvs.accelWarm)), await median(() => pip(venvs.pipWarm))]);
    console.log(`demo index: 6 projects (${index.requirementsFile}), python3, pip from this machine, isolated`);
    console.log("scenario  pip-accel      pip   ratio  target");
    for (const [name, ours, theirs] of rows) {
      const ratio = ours / theirs;
      console.log(`${name.padEnd(8)} ${(ours / 1000).toFixed(3).padStart(8)}s ${(theirs / 1000).toFixed(3).padStart(7)}s  ${ratio.toFixed(3)}  <= ${TARGETS[name]} ${ratio <= TARGETS[name] ? "met" : "missed"}`);
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
