import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { applyConfigDefaults, specsFor } from "../../src/cli/options.js";
import { formatError } from "../../src/cli/output.js";
import { AccelError } from "../../src/report/errors.js";

const bin = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

test("config defaults fill only what the command line did not give", () => {
  const config = new Map([
    ["index-url", { value: "https://conf/simple", source: "pip.conf" }],
    ["extra-index-url", { value: "https://a https://b", source: "pip.conf" }],
    ["no-deps", { value: "yes", source: "PIP_NO_DEPS" }],
    ["timeout", { value: "7.5", source: "pip.conf" }],
    ["only-binary", { value: ":all:", source: "pip.conf" }],
    ["requirement", { value: "x.txt", source: "pip.conf" }],
  ]);
  const result = applyConfigDefaults("install", { indexUrl: "https://cli/simple" }, config);
  assert.equal(result.indexUrl, "https://cli/simple");
  assert.deepEqual(result.extraIndexUrl, ["https://a", "https://b"]);
  assert.equal(result.noDeps, true);
  assert.equal(result.timeout, 7.5);
  assert.deepEqual(result.onlyBinary, [":all:"]);
  assert.equal(result.requirement, undefined, "-r is never taken from configuration");
});

test("config values of the wrong type are errors naming their source", () => {
  const config = new Map([["retries", { value: "many", source: "/etc/pip.conf [global]" }]]);
  assert.throws(() => applyConfigDefaults("install", {}, config), /\/etc\/pip\.conf \[global\]: 'many' is not a valid integer/);
});

test("option tables are per command", () => {
  const install = specsFor("install").map((s) => s.key);
  assert.ok(install.includes("target") && install.includes("indexUrl"));
  assert.ok(!specsFor("list").map((s) => s.key).includes("target"));
});

test("pip-only subcommands fail with the pip-accel alternative", () => {
  const result = spawnSync(process.execPath, [bin, "wheel", "foo"], { encoding: "utf8" });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /'pip-accel wheel' is a pip command that pip-accel does not implement/);
  assert.match(result.stderr, /hint: pip-accel build -r FILE/);
  const unknown = spawnSync(process.execPath, [bin, "frobnicate"], { encoding: "utf8" });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  assert.match(execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" }), /Usage: pip-accel/);
});

test("errors render code, underlined span and hint", () => {
  const error = new AccelError("invalid-requirement", "Invalid requirement: 'foo=1'", { input: "foo=1", span: [3, 4], hint: "= is not a valid operator. Did you mean == ?" });
  assert.equal(formatError(error), "error[invalid-requirement]: Invalid requirement: 'foo=1'\n    foo=1\n       ^\nhint: = is not a valid operator. Did you mean == ?\n");
});
