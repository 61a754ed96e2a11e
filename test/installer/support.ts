/**
 * Test helpers for the installer: wheels built in memory with a correct
 * RECORD, throwaway venvs, and running Python in them with PIP_* cleared.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeZip, type ZipMemberInput } from "../../src/archive/zip-writer.js";
import { cleanPythonEnv } from "../../src/python/run.js";

export interface WheelSpec {
  name: string;
  version: string;
  /** Paths relative to the wheel root; `{name}-{version}.data/...` for data. Values are contents. */
  files: Record<string, string>;
  /** Paths that get mode 0o755. */
  executables?: string[];
  entryPoints?: string;
  purelib?: boolean;
  extraMetadata?: string;
}

export function distInfoDir(name: string, version: string): string {
  return `${name.replace(/-/g, "_")}-${version}.dist-info`;
}

function hashOf(data: string): string {
  return `sha256=${createHash("sha256").update(data).digest("base64url")}`;
}

/** Members of a valid wheel (RECORD included last), for tests that tamper with them. */
export function wheelMembers(spec: WheelSpec): ZipMemberInput[] {
  const info = distInfoDir(spec.name, spec.version);
  const files: Record<string, string> = { ...spec.files };
  files[`${info}/METADATA`] = `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${spec.version}\n${spec.extraMetadata ?? ""}`;
  files[`${info}/WHEEL`] = `Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: ${spec.purelib === false ? "false" : "true"}\nTag: py3-none-any\n`;
  if (spec.entryPoints !== undefined) files[`${info}/entry_points.txt`] = spec.entryPoints;
  const members: ZipMemberInput[] = [];
  const rows: string[] = [];
  for (const [path, data] of Object.entries(files)) {
    members.push({ path, data, mode: spec.executables?.includes(path) === true ? 0o100755 : 0o100644 });
    rows.push(`${path},${hashOf(data)},${Buffer.byteLength(data)}`);
  }
  rows.push(`${info}/RECORD,,`);
  members.push({ path: `${info}/RECORD`, data: rows.join("\n") + "\n" });
  return members;
}

export function makeWheel(spec: WheelSpec): Buffer {
  return writeZip(wheelMembers(spec));
}

/** Writes a wheel into `dir` with its proper filename and returns the path. */
export function writeWheel(dir: string, spec: WheelSpec): string {
  const path = join(dir, `${spec.name.replace(/-/g, "_")}-${spec.version}-py3-none-any.whl`);
  writeFileSync(path, makeWheel(spec));
  return path;
}

export function tempDir(prefix = "pip-accel-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

let pythonChecked: boolean | null = null;

/** True when `python3` can create venvs here (tests skip otherwise). */
export function hasPython(): boolean {
  if (pythonChecked === null) {
    pythonChecked = spawnSync("python3", ["-c", "import venv"], { env: cleanPythonEnv() }).status === 0;
  }
  return pythonChecked;
}

/** Creates `python3 -m venv --without-pip` in `dir` and returns its python path. */
export function makeVenv(dir: string): string {
  execFileSync("python3", ["-m", "venv", "--without-pip", dir], { env: cleanPythonEnv() });
  return join(dir, "bin", "python");
}

/** Runs Python code in the given interpreter and returns stdout (throws on failure). */
export function runIn(python: string, code: string): string {
  return execFileSync(python, ["-c", code], { env: cleanPythonEnv(), encoding: "utf8" });
}
