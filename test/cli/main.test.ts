import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../kit/repo.js";

const bin = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

test("--version prints the package version", () => {
  const out = execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
  assert.equal(out.trim(), `pip-accel ${pkg.version}`);
});

test("--version and -V are answered before the command line loads; anything else loads it", () => {
  const dir = tempDir("cli-version");
  try {
    const log = join(dir.path, "loaded.txt");
    const hooks = join(dir.path, "hooks.mjs");
    writeFileSync(hooks, `import { appendFileSync } from "node:fs";
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); }\n`);
    const register = join(dir.path, "register.mjs");
    writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const loaded = (args: string[]): { out: string; modules: string[] } => {
      rmSync(log, { force: true });
      const out = execFileSync(process.execPath, ["--import", pathToFileURL(register).href, bin, ...args], { encoding: "utf8" });
      return { out, modules: readFileSync(log, "utf8").split("\n").filter((u) => u.includes("/dist/src/")).map((u) => u.slice(u.indexOf("/dist/src/") + 10)) };
    };
    for (const flag of ["--version", "-V"]) {
      const run = loaded([flag]);
      assert.equal(run.out, `pip-accel ${pkg.version}\n`);
      // launcher-env.js undoes the launcher's move of NODE_EXTRA_CA_CERTS before anything else.
      assert.deepEqual(run.modules.sort(), ["cli/launcher-env.js", "cli/main.js", "cli/version.js"], `${flag} loads only the entry`);
    }
    const help = loaded(["--help"]);
    assert.match(help.out, /Usage: pip-accel/);
    assert.ok(help.modules.includes("cli/program.js"), "--help loads the command line");
  } finally {
    dir.cleanup();
  }
});

test("--help lists usage", () => {
  const out = execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
  assert.match(out, /Usage: pip-accel/);
});

test("only the invoked command's options are built, and each command still shows its own", () => {
  const help = (...args: string[]): string => execFileSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  assert.match(help("install", "--help"), /--index-url/);
  assert.match(help("help", "install"), /--index-url/);
  assert.doesNotMatch(help("list", "--help"), /--index-url/);
  assert.match(help("list", "--help"), /--python/);
  assert.match(help("--help"), /install \[options\]/);
});
