/**
 * `npm run build:exe`: pip-accel as one executable file for CI images, which
 * runs on a machine with no Node and no node_modules: a Node single
 * executable application (SEA, Node 20's `--experimental-sea-config`).
 *
 * 1. esbuild bundles the tsc output (`dist/src/cli/main.js`) into one
 *    CommonJS file, `dist/exe/pip-accel.cjs` (Node 20's SEA runs a CommonJS
 *    script that can `require` only built-in modules), with the same slim
 *    undici and cheerio entries as the npm bundle and the version compiled in;
 * 2. `node --experimental-sea-config` turns it into a blob, with V8's code
 *    cache for the script (`useCodeCache`), so start-up skips compiling it;
 * 3. a copy of the running `node` binary gets the blob injected with
 *    postject, as `dist/exe/pip-accel`.
 *
 * The result is as large as node itself (about 100 MB), most of it the
 * runtime; `dist/exe/pip-accel --version` is measured by the bench.
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { slimDependencies } from "./bundle.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EXE_DIR = "dist/exe";
export const EXE_PATH = `${EXE_DIR}/pip-accel`;
/** The fuse Node's SEA loader looks for (fixed by Node). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export interface ExeResult {
  path: string;
  bytes: number;
  scriptBytes: number;
  ms: number;
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
}

/** Builds `dist/exe/pip-accel` under `root` from its tsc output. */
export async function buildExe(root = ROOT): Promise<ExeResult> {
  const started = performance.now();
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const dir = join(root, EXE_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const script = join(dir, "pip-accel.cjs");
  await build({
    absWorkingDir: root,
    entryPoints: ["dist/src/cli/main.js"],
    outfile: script,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    define: { __PIP_ACCEL_VERSION__: JSON.stringify(pkg.version), "import.meta.url": "__pipAccelUrl" },
    banner: { js: 'const __pipAccelUrl = require("node:url").pathToFileURL(process.execPath).href;' },
    legalComments: "none",
    plugins: [slimDependencies(root)],
    logOverride: { "import-is-undefined": "error" },
    logLevel: "warning",
  });
  const blob = join(dir, "pip-accel.blob");
  const config = join(dir, "sea-config.json");
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
  run(process.execPath, ["--experimental-sea-config", config], "node --experimental-sea-config");
  const exe = join(root, EXE_PATH);
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  const postject = createRequire(join(root, "package.json")).resolve("postject/dist/cli.js");
  run(process.execPath, [postject, exe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE], "postject");
  rmSync(blob, { force: true });
  return { path: exe, bytes: statSync(exe).size, scriptBytes: statSync(script).size, ms: performance.now() - started };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await buildExe();
  process.stdout.write(`built ${EXE_PATH}: ${(result.bytes / 2 ** 20).toFixed(0)} MiB (script ${(result.scriptBytes / 1024).toFixed(0)} KiB) in ${(result.ms / 1000).toFixed(1)} s\n`);
}
