import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";

const bin = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

test("--version prints the package version", () => {
  const out = execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
  assert.equal(out.trim(), `pip-accel ${pkg.version}`);
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
