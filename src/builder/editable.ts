/**
 * Editable installs (`-e PATH`): an editable wheel of the working copy.
 *
 * - Through the backend's PEP 660 `build_editable` hook, run in the working
 *   copy itself (setuptools and other backends point the wheel's `.pth` or
 *   import finder at it). Projects without a `[build-system]` use
 *   `setuptools.build_meta:__legacy__`, as pip does.
 * - A backend without the hook: a wheel we make ourselves from the
 *   backend's metadata (`prepare_metadata_for_build_wheel`): the
 *   `.dist-info` (entry points included, so scripts are made) plus a
 *   `__editable__.<name>-<version>.pth` naming the tree (`src/` when the
 *   project uses that layout).
 * Editable wheels are never put in the binary cache: they depend on the
 * working copy's path and are cheap to make.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { writeZip, type ZipMemberInput } from "../archive/zip-writer.js";
import { canonicalizeName } from "../filenames/index.js";
import { getFirst, parseCoreMetadata } from "../metadata/core-metadata.js";
import type { Builder } from "./builder.js";
import { binaryKey, type BinaryKey } from "./binary-key.js";
import type { BuildEnv } from "./build-env.js";
import { eggMetadata } from "../metadata/egg-requires.js";
import { AccelError } from "../report/errors.js";
import { readBuildSystem } from "./build-system.js";
import { BuildFailedError } from "./errors.js";

export interface EditableWheel {
  path: string;
  sha256: string;
  /** Removes the temporary directory holding the wheel. */
  cleanup(): void;
}

/** Builds the editable wheel of the project in `sourceDir`. */
export async function buildEditableWheel(builder: Builder, sourceDir: string, name: string): Promise<EditableWheel> {
  const work = mkdtempSync(join(builder.options.tempDir ?? tmpdir(), "pip-accel-editable-"));
  const cleanup = (): void => rmSync(work, { recursive: true, force: true });
  try {
    const wheel = await editableWheelIn(builder, sourceDir, name, work);
    return { path: wheel, sha256: createHash("sha256").update(readFileSync(wheel)).digest("hex"), cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

async function editableWheelIn(builder: Builder, sourceDir: string, name: string, work: string): Promise<string> {
  const declared = readBuildSystem(sourceDir);
  const system = { ...declared, backend: declared.backend ?? "setuptools.build_meta:__legacy__", strategy: "pep517" as const };
  const setuptools = system.backend.startsWith("setuptools.build_meta");
  const key = binaryKey(name, "editable", "", builder.options.interpreter.info);
  const out = join(work, "out");
  let env = await builder.prepareEnv(system.requires, [name]);
  const extra = (await builder.hook(system, env, sourceDir, work, "get_requires_for_build_editable", key)) as string[];
  const more = extra.filter((r) => !system.requires.includes(r));
  if (more.length > 0) {
    try {
      env = await builder.prepareEnv([...system.requires, ...more], [name]);
    } catch (error) {
      // setuptools < 70 asks for `wheel` here; without it, egg_info gives all we need.
      if (setuptools && error instanceof AccelError && error.code === "build-env-failed") return eggInfoWheel(builder, env, sourceDir, out, key);
      throw error;
    }
  }
  const result = await builder.hook(system, env, sourceDir, work, "build_editable", key);
  if (typeof result === "string" && result.endsWith(".whl")) return join(out, basename(result));
  if (typeof result !== "object" || result === null || (result as { missing?: boolean }).missing !== true) {
    throw new BuildFailedError({ project: name, output: `build_editable returned ${JSON.stringify(result)}`, logFile: null });
  }
  if (setuptools) return eggInfoWheel(builder, env, sourceDir, out, key);
  const metadata = await builder.hook(system, env, sourceDir, work, "prepare_metadata_for_build_wheel", key);
  if (typeof metadata !== "string") {
    throw new BuildFailedError({ project: name, output: `${system.backend} has neither build_editable nor prepare_metadata_for_build_wheel`, logFile: null });
  }
  return pthWheel(join(out, metadata), sourceDir, out);
}

/**
 * setuptools without a usable `build_editable`: `setup.py egg_info` (into
 * the work directory, the tree is left alone) made into a `.dist-info`.
 */
async function eggInfoWheel(builder: Builder, env: BuildEnv, sourceDir: string, out: string, key: BinaryKey): Promise<string> {
  const eggBase = join(out, "egg");
  mkdirSync(eggBase, { recursive: true });
  const run = await builder.runSetup(env, sourceDir, ["egg_info", "--egg-base", eggBase], key);
  const egg = existsSync(eggBase) ? readdirSync(eggBase).find((n) => n.endsWith(".egg-info")) : undefined;
  if (run.code !== 0 || egg === undefined) throw new BuildFailedError({ project: key.name, output: run.output, logFile: null });
  const distInfo = join(out, "dist-info");
  mkdirSync(distInfo);
  const requires = join(eggBase, egg, "requires.txt");
  writeFileSync(join(distInfo, "METADATA"), eggMetadata(readFileSync(join(eggBase, egg, "PKG-INFO"), "utf8"), existsSync(requires) ? readFileSync(requires, "utf8") : null));
  for (const file of ["entry_points.txt", "top_level.txt"]) {
    if (existsSync(join(eggBase, egg, file))) writeFileSync(join(distInfo, file), readFileSync(join(eggBase, egg, file)));
  }
  return pthWheel(distInfo, sourceDir, out);
}

function recordLine(path: string, data: Buffer): string {
  const digest = createHash("sha256").update(data).digest("base64url");
  return `${path},sha256=${digest},${data.length}`;
}

/** A wheel of `distInfo` plus a `.pth` pointing at the tree; returns its path in `outDir`. */
function pthWheel(distInfo: string, sourceDir: string, outDir: string): string {
  const metadata = parseCoreMetadata(readFileSync(join(distInfo, "METADATA"), "utf8"));
  const name = getFirst(metadata, "Name") ?? "unknown";
  const version = getFirst(metadata, "Version") ?? "0";
  const stem = `${canonicalizeName(name).replace(/-/g, "_")}-${version}`;
  const infoDir = `${stem}.dist-info`;
  const root = existsSync(join(sourceDir, "src")) && statSync(join(sourceDir, "src")).isDirectory() && !existsSync(join(sourceDir, "src", "__init__.py"))
    ? join(sourceDir, "src") : sourceDir;
  const files: Array<[string, Buffer]> = [[`__editable__.${stem}.pth`, Buffer.from(`${root}\n`)]];
  for (const file of readdirSync(distInfo).sort()) {
    if (file === "RECORD" || file === "WHEEL" || statSync(join(distInfo, file)).isDirectory()) continue;
    files.push([`${infoDir}/${file}`, readFileSync(join(distInfo, file))]);
  }
  files.push([`${infoDir}/WHEEL`, Buffer.from("Wheel-Version: 1.0\nGenerator: pip-accel (editable)\nRoot-Is-Purelib: true\nTag: py3-none-any\n")]);
  const record = [...files.map(([p, d]) => recordLine(p, d)), `${infoDir}/RECORD,,`, ""].join("\n");
  const members: ZipMemberInput[] = [...files.map(([path, data]) => ({ path, data })), { path: `${infoDir}/RECORD`, data: record }];
  const out = join(outDir, `${stem}-py3-none-any.whl`);
  writeFileSync(out, writeZip(members));
  return out;
}
