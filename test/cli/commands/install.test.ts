import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { cliReporter, formatSummary } from "../../../src/cli/commands/install.js";
import { Output } from "../../../src/cli/output.js";
import type { InstallSummary } from "../../../src/operations/install-pipeline.js";

function summary(extra: Partial<InstallSummary>): InstallSummary {
  return { installed: [], satisfied: [], plan: null, resolution: null, fastPath: null, dryRun: false, report: null, inputs: null, timings: { resolveMs: 1, prepareMs: 2, installMs: 3, totalMs: 210 }, ...extra };
}

test("summary: pip's line, then the count and time", () => {
  assert.deepEqual(formatSummary(summary({ installed: [{ name: "a", version: "1.0", replaced: null }, { name: "b", version: "2.0", replaced: "1.0" }] })), [
    "Successfully installed a-1.0 b-2.0", "Installed 2 packages in 0.21s",
  ]);
  assert.deepEqual(formatSummary(summary({ installed: [{ name: "a", version: "1.0", replaced: null }] }))[1], "Installed 1 package in 0.21s");
  const mixed = [{ name: "Flask", version: "3.1.3", replaced: null }, { name: "Jinja2", version: "3.1.6", replaced: null }, { name: "blinker", version: "1.9.0", replaced: null }, { name: "typing_extensions", version: "4.16.0", replaced: null }];
  assert.equal(formatSummary(summary({ installed: mixed }))[0], "Successfully installed blinker-1.9.0 flask-3.1.3 jinja2-3.1.6 typing-extensions-4.16.0");
});

test("summary: nothing to do lists what was already satisfied", () => {
  assert.deepEqual(formatSummary(summary({ satisfied: [{ name: "a", version: "1.0" }], fastPath: "satisfied" })), [
    "Requirement already satisfied: a==1.0", "Nothing to install, all requirements satisfied in 0.21s",
  ]);
});

test("summary: dry run", () => {
  assert.deepEqual(formatSummary(summary({ dryRun: true })), ["Would install nothing: all requirements are already satisfied"]);
});

function capture(tty: boolean, verbosity: number, env: Record<string, string> = {}): { output: Output; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const stdout = Object.assign(new Writable({ write: (c, _e, cb) => { out += String(c); cb(); } }), { isTTY: tty, columns: 80 });
  const stderr = Object.assign(new Writable({ write: (c, _e, cb) => { err += String(c); cb(); } }), { isTTY: tty });
  return { output: new Output({ stdout, stderr, env, verbosity }), out: () => out, err: () => err };
}

function drive(output: Output): void {
  const r = cliReporter(output);
  r.onResolveStart!();
  r.onResolved!({ pins: 2, ms: 12, fastPath: "cached" });
  r.onPrepareStart!({ name: "a", version: "1.0", action: "fetch" });
  r.onPrepared!({ name: "a", version: "1.0", unpacked: true });
  r.onInstallStart!({ name: "a", version: "1.0", replaces: "0.9" });
  r.onInstalled!({ name: "a", version: "1.0", replaced: "0.9", files: 4 });
  output.done();
}

test("piped: plain lines only, no status line escapes", () => {
  const c = capture(false, 0);
  drive(c.output);
  assert.equal(c.out(), "Attempting uninstall: a\n  Found existing installation: a 0.9\n  Successfully uninstalled a-0.9\n");
  assert.equal(c.err(), "");
});

test("terminal: a status line that is cleared before normal lines", () => {
  const c = capture(true, 0);
  drive(c.output);
  assert.match(c.err(), /\r\u001b\[2KResolving dependencies\.\.\./);
  assert.match(c.err(), /Fetching a==1\.0/);
  assert.match(c.err(), /Installing a==1\.0/);
});

test("CI on a terminal behaves as piped; -v adds detail; -q hides progress", () => {
  const ci = capture(true, 0, { CI: "true" });
  drive(ci.output);
  assert.equal(ci.err(), "");
  const verbose = capture(false, 1);
  drive(verbose.output);
  assert.match(verbose.err(), /Resolved 2 packages from the local cache in 0\.01s \(no index read\)/);
  assert.match(verbose.err(), /Installed a-1\.0 \(4 files\)/);
  const quiet = capture(false, -1);
  drive(quiet.output);
  assert.equal(quiet.out() + quiet.err(), "");
});
