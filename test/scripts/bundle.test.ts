/**
 * The bundled CLI (`dist/bin/pip-accel.cjs`, run by the package's bin, built by
 * `npm run build` / `prepare`) behaves like the tsc output: version, help,
 * and a real install over HTTP, which loads the lazily split chunks
 * (HTTP client, HTML parser, installer) and the CommonJS dependencies that
 * need the bundle's `require` shim.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { startIndexServer } from "../kit/index-server.js";
import { buildWheel } from "../kit/artifacts.js";
import { cleanPythonEnv, pythonAvailable, repoRoot, spawnCollect, tempDir, type ProcessOutput } from "../kit/repo.js";
import { BUNDLE_DIR, BUNDLE_ENTRY, LAUNCHER, PROGRAM_FILE, SLIM_ENTRIES } from "../../scripts/bundle.js";

const root = repoRoot();
const entry = join(root, BUNDLE_ENTRY);
const missing = !existsSync(entry) && "bundle not built (npm run bundle)";
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
const dir = tempDir("bundle");
after(() => dir.cleanup());

const env = (cwd: string): NodeJS.ProcessEnv => cleanPythonEnv({ HOME: cwd, PIP_CONFIG_FILE: "/dev/null", NO_COLOR: "1" });

function run(args: string[], cwd: string): Promise<ProcessOutput> {
  return spawnCollect(process.execPath, [entry, ...args], { cwd, env: env(cwd) });
}

test("package.json's bin is the bundle's launcher, which runs the bundle's entry", () => {
  assert.equal(pkg.bin["pip-accel"], LAUNCHER);
  assert.match(readFileSync(join(root, "src", "cli", "pip-accel.sh"), "utf8"), new RegExp(`exec node "\\$dir/${BUNDLE_ENTRY.slice(BUNDLE_DIR.length + 1).replace(".", "\\.")}" "\\$@"`));
});

test("the bundle prints the compiled-in version and its help", { skip: missing }, async () => {
  const version = await run(["--version"], dir.path);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), `pip-accel ${pkg.version}`);
  const help = await run(["install", "--help"], dir.path);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /--index-url/);
});

test("the bundle is a CommonJS entry, the program and lazily loaded chunks, none of them reaching into dist/src", { skip: missing }, () => {
  const chunks = readdirSync(join(root, BUNDLE_DIR, "chunks"));
  assert.ok(chunks.length > 0 && chunks.every((c) => c.endsWith(".mjs")));
  const text = readFileSync(entry, "utf8");
  assert.ok(text.startsWith("#!/usr/bin/env node"));
  assert.ok((statSync(entry).mode & 0o111) !== 0, "the entry is executable");
  assert.match(text, /"use strict"/, "the entry is CommonJS");
  assert.match(text, /function replayNoop/, "the no-op replay is in the entry");
  assert.match(text, /import\("\.\/program\.mjs"\)/, "everything else is the program, imported on demand");
  assert.doesNotMatch(text, /commander|CommanderError/, "the entry does not hold the program");
  const program = readFileSync(join(root, PROGRAM_FILE), "utf8");
  assert.doesNotMatch(program, /from "\.\.\/src\//);
  assert.match(program, /import\("\.\/chunks\//, "commands stay lazy imports");
});

test("the bundle installs from an HTTP index into a venv and lists an index's versions through the HTTP client", { skip: missing || (!pythonAvailable() && "python3 not found") }, async () => {
  const wheels = join(dir.path, "wheels");
  buildWheel({ name: "bundled-demo", version: "1.0", files: { "bundled_demo.py": "V = 'ok'\n" }, entryPoints: { console_scripts: { "bundled-demo": "bundled_demo:V" } } }, wheels);
  const server = await startIndexServer({ root: wheels });
  try {
    const venv = join(dir.path, "venv");
    const made = spawnSync("python3", ["-m", "venv", "--without-pip", venv], { env: cleanPythonEnv(), encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    const result = await run(["install", "--python", venv, "--cache-dir", join(dir.path, "cache"), "-i", server.simpleUrl, "bundled-demo==1.0"], dir.path);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Successfully installed bundled-demo-1\.0/);
    assert.ok(existsSync(join(venv, "bin", "bundled-demo")));
    const versions = await run(["index", "versions", "bundled-demo", "-i", server.simpleUrl], dir.path);
    assert.equal(versions.code, 0, versions.stderr);
    assert.match(versions.stdout, /1\.0/);
    const check = spawnSync(join(venv, "bin", "python"), ["-c", "import bundled_demo; print(bundled_demo.V)"], { env: cleanPythonEnv(), encoding: "utf8" });
    assert.equal(check.stdout.trim(), "ok");
    // The bundled program remembers a settled no-op, and the entry replays it without the program:
    // a copy of the bundle without program.mjs answers the same command, and fails any other.
    const args = ["install", "--python", venv, "--cache-dir", join(dir.path, "cache"), "-i", server.simpleUrl, "bundled-demo==1.0"];
    await new Promise((r) => setTimeout(r, 40));
    for (let i = 0; i < 2; i++) assert.match((await run(args, dir.path)).stdout, /Nothing to install/);
    const copy = join(dir.path, "bin-without-program");
    cpSync(join(root, BUNDLE_DIR), copy, { recursive: true });
    rmSync(join(copy, "program.mjs"));
    const replayed = await spawnCollect(process.execPath, [join(copy, "pip-accel.cjs"), ...args], { cwd: dir.path, env: env(dir.path) });
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.match(replayed.stdout, /^Requirement already satisfied: bundled-demo==1\.0\nNothing to install, all requirements satisfied in/);
    const other = await spawnCollect(process.execPath, [join(copy, "pip-accel.cjs"), ...args, "--no-deps"], { cwd: dir.path, env: env(dir.path) });
    assert.notEqual(other.code, 0, "a command never seen needs the program");
  } finally {
    await server.close();
  }
});

test("the slim undici entry maps every name to the very module undici's index exports", () => {
  const require = createRequire(join(root, "package.json"));
  const undici = require("undici") as Record<string, unknown> & { interceptors: Record<string, unknown> };
  const source = SLIM_ENTRIES.undici!(dirname(require.resolve("undici/package.json")));
  const imports = [...source.matchAll(/^import (\w+) from "([^"]+)";$/gm)];
  assert.ok(imports.length >= 10);
  for (const [, name, path] of imports) {
    if (name === "api") {
      const dispatcher = (undici.Dispatcher as { prototype: Record<string, unknown> }).prototype;
      for (const [key, value] of Object.entries(require(path!) as Record<string, unknown>)) assert.equal(dispatcher[key], value, key);
      continue;
    }
    const expected = name! in undici.interceptors ? undici.interceptors[name!] : undici[name!];
    assert.equal(require(path!), expected, name);
  }
  assert.match(source, /export const interceptors = \{ [^}]*\};/);
  assert.match(source, /Object\.assign\(Dispatcher\.prototype, api\);/, "the request API undici's index adds to every dispatcher");
  assert.deepEqual(Object.keys(undici.interceptors).sort(), source.match(/interceptors = \{ ([^}]*) \}/)![1]!.split(", ").sort());
});

test("the slim cheerio entry re-exports cheerio's own load", async () => {
  const require = createRequire(join(root, "package.json"));
  const dir = dirname(require.resolve("cheerio/package.json"));
  const source = SLIM_ENTRIES.cheerio!(dir);
  const loadParse = /export \* from "([^"]+)"/.exec(source)![1]!;
  const [full, slim] = await Promise.all([import("cheerio"), import(pathToFileURL(loadParse).href) as Promise<{ load: unknown }>]);
  assert.equal(slim.load, full.load);
});
