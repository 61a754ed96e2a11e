/**
 * `npm run build:exe`: pip-accel as one executable file for CI images, which
 * runs on a machine with no Node and no node_modules: a Node single
 * executable application (SEA, Node 20's `--experimental-sea-config`).
 *
 * 1. esbuild bundles the tsc output into two CommonJS files (Node 20's SEA
 *    runs a CommonJS script that can `require` only built-in modules), with
 *    the same slim undici and cheerio entries as the npm bundle and the
 *    version compiled in: the command line (`dist/src/cli/program.js`, all
 *    of pip-accel) as `dist/exe/program.cjs`, and the entry
 *    (`dist/src/cli/main.js`: `--version` and the no-op replay) as
 *    `dist/exe/pip-accel.cjs`, whose `import("./program.js")` becomes
 *    PROGRAM_LOADER;
 * 2. the program is compiled once here for V8's code cache
 *    (`program.cache`); both go into the blob as SEA assets, so the 2.4 MB
 *    program is read and compiled (from the cache) only by a command that
 *    needs it: `--version` and a replayed no-op start as fast as a bare
 *    executable (a SEA whose main script is the whole program spends ~15 ms
 *    more before its first line runs, with its own code cache);
 * 3. `node --experimental-sea-config` turns them into a blob, with the
 *    code cache of the entry (`useCodeCache`);
 * 4. a copy of the running `node` binary gets the blob injected with
 *    postject, as `dist/exe/pip-accel`.
 *
 * The result is as large as node itself (about 100 MB), most of it the
 * runtime; `dist/exe/pip-accel --version` is measured by the bench.
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Script } from "node:vm";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { slimDependencies } from "./bundle.js";
import type { Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EXE_DIR = "dist/exe";
export const EXE_PATH = `${EXE_DIR}/pip-accel`;
/** The fuse Node's SEA loader looks for (fixed by Node). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** How the program's CommonJS text is wrapped for `vm.Script` (as Node wraps a module). */
export const PROGRAM_WRAPPER = ["(function (exports, require, module, __filename, __dirname) {", "\n})"] as const;

/**
 * The entry's stand-in for `./program.js`: the program from the SEA assets,
 * compiled with the code cache made at build time (a rejected cache only
 * costs the compile).
 */
const PROGRAM_LOADER = `
const { getAsset } = require("node:sea");
const { Script } = require("node:vm");
const { dirname } = require("node:path");
const source = ${JSON.stringify(PROGRAM_WRAPPER[0])} + getAsset("program.cjs", "utf8") + ${JSON.stringify(PROGRAM_WRAPPER[1])};
const script = new Script(source, { filename: "pip-accel-program.cjs", cachedData: Buffer.from(getAsset("program.cache")) });
const loaded = { exports: {} };
script.runInThisContext()(loaded.exports, require, loaded, process.execPath, dirname(process.execPath));
module.exports = loaded.exports;
`;

const programFromAssets: Plugin = {
  name: "pip-accel-program-from-assets",
  setup(b) {
    b.onResolve({ filter: /^\.\/program\.js$/ }, (args) =>
      args.importer.endsWith("/dist/src/cli/main.js") ? { path: "program", namespace: "pip-accel-sea-program" } : undefined);
    b.onLoad({ filter: /.*/, namespace: "pip-accel-sea-program" }, () => ({ contents: PROGRAM_LOADER, loader: "js" }));
  },
};

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
  const program = join(dir, "program.cjs");
  const common = {
    absWorkingDir: root, bundle: true, format: "cjs", platform: "node", target: "node20",
    define: { __PIP_ACCEL_VERSION__: JSON.stringify(pkg.version), "import.meta.url": "__pipAccelUrl" },
    banner: { js: 'const __pipAccelUrl = require("node:url").pathToFileURL(process.execPath).href;' },
    legalComments: "none", logOverride: { "import-is-undefined": "error" }, logLevel: "warning",
  } as const;
  await build({ ...common, entryPoints: ["dist/src/cli/program.js"], outfile: program, plugins: [slimDependencies(root)] });
  await build({ ...common, entryPoints: ["dist/src/cli/main.js"], outfile: script, plugins: [programFromAssets] });
  const cache = join(dir, "program.cache");
  writeFileSync(cache, new Script(PROGRAM_WRAPPER[0] + readFileSync(program, "utf8") + PROGRAM_WRAPPER[1], { filename: "pip-accel-program.cjs" }).createCachedData());
  const blob = join(dir, "pip-accel.blob");
  const config = join(dir, "sea-config.json");
  writeFileSync(config, JSON.stringify({
    main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets: { "program.cjs": program, "program.cache": cache },
  }));
  run(process.execPath, ["--experimental-sea-config", config], "node --experimental-sea-config");
  const exe = join(root, EXE_PATH);
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  const postject = createRequire(join(root, "package.json")).resolve("postject/dist/cli.js");
  run(process.execPath, [postject, exe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE], "postject");
  rmSync(blob, { force: true });
  return { path: exe, bytes: statSync(exe).size, scriptBytes: statSync(script).size + statSync(program).size, ms: performance.now() - started };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await buildExe();
  process.stdout.write(`built ${EXE_PATH}: ${(result.bytes / 2 ** 20).toFixed(0)} MiB (script ${(result.scriptBytes / 1024).toFixed(0)} KiB) in ${(result.ms / 1000).toFixed(1)} s\n`);
}
