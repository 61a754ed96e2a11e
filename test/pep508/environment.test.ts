import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildMarkerEnvironment, formatFullVersion, Marker, markerEnvironmentFromJson, MARKER_ENVIRONMENT_SCRIPT, MARKER_VARIABLES,
} from "../../src/pep508/index.js";
import { AccelError } from "../../src/report/errors.js";
import { spawnSync } from "node:child_process";

test("formatFullVersion matches packaging's _format_full_version", () => {
  assert.equal(formatFullVersion({ major: 3, minor: 13, micro: 0, releaselevel: "alpha", serial: 2 }), "3.13.0a2");
  assert.equal(formatFullVersion({ major: 3, minor: 12, micro: 1, releaselevel: "candidate", serial: 1 }), "3.12.1c1");
  assert.equal(formatFullVersion({ major: 7, minor: 3, micro: 13, releaselevel: "final", serial: 0 }), "7.3.13");
});

test("buildMarkerEnvironment derives python_version and formats implementation_version", () => {
  const env = buildMarkerEnvironment({
    implementationName: "pypy", implementationVersion: { major: 7, minor: 3, micro: 13, releaselevel: "final", serial: 0 },
    osName: "posix", machine: "aarch64", release: "6.1", system: "Linux", version: "#1",
    pythonVersion: "3.10.13", pythonImplementation: "PyPy", sysPlatform: "linux",
  });
  assert.equal(env.python_version, "3.10");
  assert.equal(env.python_full_version, "3.10.13");
  assert.equal(env.implementation_version, "7.3.13");
  assert.deepEqual(Object.keys(env).sort(), [...MARKER_VARIABLES].sort());
  assert.equal(Marker.parse("platform_python_implementation == 'PyPy' and python_version < '3.11'").evaluate(env), true);
});

test("markerEnvironmentFromJson keeps the eleven variables and rejects incomplete input", () => {
  const full = Object.fromEntries(MARKER_VARIABLES.map((k) => [k, "x"]));
  assert.deepEqual(markerEnvironmentFromJson({ ...full, other: 1 }), full);
  assert.throws(() => markerEnvironmentFromJson({ ...full, os_name: 3 }), (e: AccelError) =>
    e.code === "invalid-marker-environment" && /os_name/.test(e.message));
  assert.throws(() => markerEnvironmentFromJson(null), AccelError);
});

test("MARKER_ENVIRONMENT_SCRIPT prints a complete environment (skipped without python3)", (t) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PIP_")));
  const run = spawnSync("python3", ["-c", MARKER_ENVIRONMENT_SCRIPT], { env, encoding: "utf8", timeout: 10_000 });
  if (run.error || run.status !== 0) { t.skip("python3 is not available"); return; }
  const parsed = markerEnvironmentFromJson(JSON.parse(run.stdout));
  assert.match(parsed.python_full_version, /^\d+\.\d+\.\d+/);
  assert.ok(parsed.python_full_version.startsWith(`${parsed.python_version}.`));
});
