/**
 * The builder: sdist in, cached binary out.
 *
 *     const builder = new Builder({ interpreter, cacheDir, provider, installArtifact });
 *     const built = await builder.build("/path/foo-1.0.tar.gz");
 *     built.path   // <cacheDir>/binaries-v1/foo/<key>.tar.gz (or .whl)
 *
 * Per sdist: look the key up in the binary cache; otherwise unpack the
 * sdist (sdist-unpack.ts), read `[build-system]`, provision the build
 * environment (build-env.ts; sdists among the build requirements are built
 * first, cycles refused), run `setup.py bdist_dumb --format=tar` (falling
 * back to `bdist --formats=tar`) or the backend's PEP 517 `build_wheel`
 * hook, transform and store the result. Each key is built once per
 * Builder, at most `jobs` Python processes run at once, and a failure for
 * want of a system package goes through system-deps.ts and is retried once.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseSdistFilename } from "../filenames/index.js";
import { parseRequirement } from "../pep508/index.js";
import type { Interpreter } from "../python/interpreter.js";
import { BinaryCache, type CachedBinary } from "./binary-cache.js";
import { binaryKey, binaryKeyString, type BinaryKey } from "./binary-key.js";
import { ensureBuildEnv, type ArtifactInstaller, type BuildEnv, type BuildRequirementsProvider, type InstallableArtifact } from "./build-env.js";
import { readBuildSystem, type BuildSystem } from "./build-system.js";
import { BuildCycleError, BuildFailedError } from "./errors.js";
import { runPep517Hook } from "./pep517.js";
import { runBuildCommand, writeBuildLog, type BuildReporter } from "./run-build.js";
import { Limiter, OnceMap } from "./scheduler.js";
import { withFileLock } from "../cache/file-lock.js";
import { SETUP_SHIM } from "./python-shims.js";
import { unpackSdist } from "./sdist-unpack.js";
import type { SharedBinaryCache } from "./shared-cache.js";
import { detectMissing, type SystemPackages } from "./system-deps.js";
import { transformDumbTarball } from "./dumb-transform.js";
import type { EditableWheel } from "./editable.js";

export interface BuilderOptions {
  interpreter: Interpreter;
  /** pip-accel's cache root (`binaries-v1/`, `build-envs-v1/`, `store-v1/`, `build-logs/` go inside). */
  cacheDir: string;
  provider: BuildRequirementsProvider;
  /** Installs build requirements into build environments (operations passes the installer's). */
  installArtifact: ArtifactInstaller;
  reporter?: BuildReporter;
  /** Parallel build processes (default: `os.availableParallelism()`). */
  jobs?: number;
  /** Extra environment for build commands (default `process.env`; PIP_* and PYTHON* are removed). */
  env?: NodeJS.ProcessEnv;
  /** The system-package flow; without it a failed build just fails. */
  systemPackages?: SystemPackages;
  /** Where temporary build trees go (default `os.tmpdir()`). */
  tempDir?: string;
  /** A cache shared between machines: asked after a local miss, given every binary built here. */
  shared?: SharedBinaryCache;
}

export interface BuiltArtifact {
  key: BinaryKey;
  name: string;
  version: string;
  /** The cached archive: a pip-accel binary (`kind: "binary"`) or a wheel from a PEP 517 backend. */
  path: string;
  kind: "binary" | "wheel";
  sha256: string;
  /** True when nothing was built. */
  fromCache: boolean;
  /** Dropped members and fallbacks, for `-v`. */
  notes: string[];
}

export interface PreparedSource {
  /** The private temp directory (`src/` is the unpacked tree, `out/` is for outputs). */
  work: string;
  src: string;
  system: BuildSystem;
  env: BuildEnv;
  cleanup(): void;
}

export interface SdistIdentity {
  name: string;
  version: string;
  sha256: string;
}

/** A build lock older than this is taken over even if its owner still runs. */
const BUILD_LOCK_STALE_MS = 6 * 60 * 60_000;

export class Builder {
  readonly cache: BinaryCache;
  readonly limiter: Limiter;
  private readonly once = new OnceMap<string, BuiltArtifact>();
  /** waiter → awaited → count: build environments of `waiter` waiting for in-flight builds of `awaited`. */
  private readonly waits = new Map<string, Map<string, number>>();

  constructor(readonly options: BuilderOptions) {
    this.cache = new BinaryCache(options.cacheDir);
    this.limiter = new Limiter(options.jobs);
  }

  /** The editable wheel (PEP 660, else a `.pth` wheel) of the project in `sourceDir`; never cached. */
  async buildEditable(sourceDir: string, name: string): Promise<EditableWheel> {
    const { buildEditableWheel } = await import("./editable.js");
    return buildEditableWheel(this, sourceDir, name);
  }

  /** Releases what the builder holds open (the shared cache's connections). */
  async close(): Promise<void> {
    await this.options.shared?.close?.();
  }

  /** The cache key `sdist` would have. */
  keyFor(sdist: string): BinaryKey {
    const id = identifySdist(sdist);
    return binaryKey(id.name, id.version, id.sha256, this.options.interpreter.info);
  }

  /**
   * Returns the cached binary for `sdist`, building it when missing.
   * `chain` is the list of projects whose build environment asked for this one (cycle detection).
   */
  async build(sdist: string, chain: readonly string[] = []): Promise<BuiltArtifact> {
    const id = identifySdist(sdist);
    const key = binaryKey(id.name, id.version, id.sha256, this.options.interpreter.info);
    const cached = this.cache.get(key);
    if (cached !== null) {
      this.options.reporter?.onBuildDone?.(label(key), { fromCache: true, seconds: 0 });
      return toBuilt(cached, id, true, []);
    }
    if (chain.includes(key.name)) throw new BuildCycleError([...chain, key.name]);
    const requester = chain.at(-1);
    if (requester === undefined) return this.once.run(binaryKeyString(key), () => this.buildFresh(sdist, id, key, [key.name]));
    // Another build's environment may be waiting, through in-flight builds, for this very chain:
    // joining it would wait forever (A needs B while B, started on its own, needs A).
    const around = this.waitingPath(key.name, new Set(chain));
    if (around !== null) throw new BuildCycleError([...chain, ...around]);
    const awaited = this.waits.get(requester) ?? new Map<string, number>();
    this.waits.set(requester, awaited.set(key.name, (awaited.get(key.name) ?? 0) + 1));
    try {
      return await this.once.run(binaryKeyString(key), () => this.buildFresh(sdist, id, key, [...chain, key.name]));
    } finally {
      const left = awaited.get(key.name)! - 1;
      if (left > 0) awaited.set(key.name, left);
      else if (awaited.delete(key.name) && awaited.size === 0) this.waits.delete(requester);
    }
  }

  /** The projects from `from` to one of `targets` along the waits of in-flight builds (`from` first), or null. */
  private waitingPath(from: string, targets: ReadonlySet<string>): string[] | null {
    const seen = new Set<string>();
    const walk = (name: string): string[] | null => {
      if (seen.has(name)) return null;
      seen.add(name);
      for (const awaited of this.waits.get(name)?.keys() ?? []) {
        if (targets.has(awaited)) return [name, awaited];
        const rest = walk(awaited);
        if (rest !== null) return [name, ...rest];
      }
      return null;
    };
    return walk(from);
  }

  /**
   * Builds under a lock file on the cache record, so that concurrent runs
   * sharing one cache build each sdist once: a run that waited finds the
   * binary in the cache. A killed builder's lock is taken over at once (its
   * pid is gone); a live one's only after `BUILD_LOCK_STALE_MS`.
   */
  private buildFresh(sdist: string, id: SdistIdentity, key: BinaryKey, chain: string[]): Promise<BuiltArtifact> {
    return withFileLock(this.cache.recordPath(key), async () => {
      const cached = this.cache.get(key); // another run may have built it since `build` looked
      if (cached !== null) {
        this.options.reporter?.onBuildDone?.(label(key), { fromCache: true, seconds: 0 });
        return toBuilt(cached, id, true, ["built by a concurrent run"]);
      }
      return this.buildUnlocked(sdist, id, key, chain);
    }, { staleMs: BUILD_LOCK_STALE_MS });
  }

  private async buildUnlocked(sdist: string, id: SdistIdentity, key: BinaryKey, chain: string[]): Promise<BuiltArtifact> {
    const shared = await this.options.shared?.fetch(key, this.cache);
    if (shared) {
      this.options.reporter?.onBuildDone?.(label(key), { fromCache: true, seconds: 0 });
      return toBuilt(shared, id, true, ["from the shared cache"]);
    }
    const started = Date.now();
    const prepared = await this.prepareSource(sdist, key, chain);
    try {
      const { system, env, src, work } = prepared;
      this.options.reporter?.onBuildStart?.(label(key));
      const notes: string[] = [];
      const entry = system.strategy === "pep517"
        ? this.cache.put(key, await this.buildWheel(system, env, src, work, key), "wheel")
        : this.cache.put(key, await this.buildDumb(env, src, work, key, notes, join(work, "out")), "binary");
      this.options.reporter?.onBuildDone?.(label(key), { fromCache: false, seconds: (Date.now() - started) / 1000 });
      await this.options.shared?.upload(entry);
      return toBuilt(entry, id, false, notes);
    } finally {
      prepared.cleanup();
    }
  }

  /**
   * Unpacks `sdist` into a private temp tree, reads its build system and
   * provisions the build environment (plus what a PEP 517 backend's
   * `get_requires_for_build_wheel` adds). Call `cleanup()` when done.
   */
  async prepareSource(sdist: string, key: BinaryKey, chain: readonly string[]): Promise<PreparedSource> {
    const work = mkdtempSync(join(this.options.tempDir ?? tmpdir(), "pip-accel-build-"));
    const cleanup = (): void => rmSync(work, { recursive: true, force: true });
    try {
      const src = join(work, "src");
      mkdirSync(src);
      mkdirSync(join(work, "out"));
      await unpackSdist(sdist, src);
      const system = readBuildSystem(src, basename(sdist));
      let env = await this.prepareEnv(system.requires, chain);
      if (system.strategy === "pep517") {
        const extra = await this.hook(system, env, src, work, "get_requires_for_build_wheel", key) as string[];
        const more = extra.filter((r) => !system.requires.includes(r));
        if (more.length > 0) env = await this.prepareEnv([...system.requires, ...more], chain);
      }
      return { work, src, system, env, cleanup };
    } catch (error) {
      cleanup();
      throw error;
    }
  }

  /** Installs `requires` (PEP 508 strings) into a (possibly reused) build environment. */
  async prepareEnv(requires: readonly string[], chain: readonly string[]): Promise<BuildEnv> {
    const requirements = requires.map((r) => parseRequirement(r, { location: "[build-system].requires" }));
    const paths = requirements.length === 0 ? [] : await this.options.provider(requirements, this.options.interpreter, { chain });
    const artifacts: InstallableArtifact[] = [];
    for (const path of paths) {
      if (path.endsWith(".whl")) {
        artifacts.push({ path, kind: "wheel", sha256: sha256File(path) });
      } else {
        const built = await this.build(path, chain);
        artifacts.push({ path: built.path, kind: built.kind, sha256: built.sha256 });
      }
    }
    return ensureBuildEnv(artifacts, this.options.interpreter, this.options.cacheDir, this.options.installArtifact);
  }

  /** `setup.py bdist_dumb --format=tar`, then `bdist --formats=tar`; retried once after installing system packages. */
  private async buildDumb(env: BuildEnv, src: string, work: string, key: BinaryKey, notes: string[], out: string): Promise<string> {
    const attempt = async (): Promise<string> => {
      const first = await this.runSetup(env, src, ["bdist_dumb", "--format=tar", "--dist-dir", join(out, "dumb")], key);
      if (first.file !== null) return first.file;
      if (detectMissing(first.output).length > 0) {
        // A missing header, library or program fails `bdist` the same way: skip the fallback.
        throw new BuildFailedError({ project: label(key), output: first.output, logFile: writeBuildLog(join(this.options.cacheDir, "build-logs"), label(key), first.output) });
      }
      notes.push("bdist_dumb failed; retried with bdist --formats=tar");
      const second = await this.runSetup(env, src, ["bdist", "--formats=tar", "--dist-dir", join(out, "bdist")], key);
      if (second.file !== null) return second.file;
      const output = `${first.output}\n--- fallback: setup.py bdist --formats=tar ---\n${second.output}`;
      throw new BuildFailedError({ project: label(key), output, logFile: writeBuildLog(join(this.options.cacheDir, "build-logs"), label(key), output) });
    };
    const raw = await this.withSystemPackages(key, attempt);
    const result = await transformDumbTarball(raw, this.options.interpreter.info, join(work, "binary.tar.gz"));
    notes.push(...result.notes);
    return join(work, "binary.tar.gz");
  }

  private async withSystemPackages<T>(key: BinaryKey, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      const handler = this.options.systemPackages;
      if (!(error instanceof BuildFailedError) || handler === undefined) throw error;
      if (!(await handler.offer(key.name, error.output, error))) throw error;
      this.options.reporter?.onNote?.(label(key), "system packages installed; retrying the build");
      return attempt();
    }
  }

  /** Runs the setuptools shim with `args` (which include `--dist-dir DIR`); `file` is the single output file, if any. */
  async runSetup(env: BuildEnv, src: string, args: string[], key: BinaryKey): Promise<{ file: string | null; output: string; code: number }> {
    const at = args.indexOf("--dist-dir");
    const distDir = at < 0 ? null : args[at + 1] as string;
    const result = await this.limiter.use(() => runBuildCommand(this.options.interpreter.path, ["-S", "-c", SETUP_SHIM, env.site, ...args], {
      cwd: src, envSites: [env.site], envBins: [env.bin], baseEnv: this.options.env, project: label(key), reporter: this.options.reporter,
    }));
    const files = distDir !== null && existsSync(distDir) ? readdirSync(distDir) : [];
    return { file: result.code === 0 && distDir !== null && files.length === 1 ? join(distDir, files[0] as string) : null, output: result.output, code: result.code };
  }

  private async buildWheel(system: BuildSystem, env: BuildEnv, src: string, work: string, key: BinaryKey): Promise<string> {
    const name = await this.withSystemPackages(key, async () => this.hook(system, env, src, work, "build_wheel", key));
    if (typeof name !== "string" || !name.endsWith(".whl")) throw new BuildFailedError({ project: label(key), output: `build_wheel returned ${JSON.stringify(name)}`, logFile: null });
    return join(work, "out", basename(name));
  }

  /** Runs one PEP 517 hook under the limiter; failures become BuildFailedError with a log. */
  hook(system: BuildSystem, env: BuildEnv, src: string, work: string, hook: string, key: BinaryKey): Promise<unknown> {
    return this.limiter.use(() => runPep517Hook({
      python: this.options.interpreter.path, system, env, src, outDir: join(work, "out"), hook, project: label(key),
      baseEnv: this.options.env, reporter: this.options.reporter, logDir: join(this.options.cacheDir, "build-logs"),
    }));
  }
}

/** Builds every sdist (in parallel, deduplicated, build dependencies first). */
export async function buildSdists(sdists: readonly string[], options: BuilderOptions): Promise<BuiltArtifact[]> {
  const builder = new Builder(options);
  return Promise.all(sdists.map((s) => builder.build(s)));
}

/** Name, version (from the file name) and sha256 of an sdist. */
export function identifySdist(sdist: string): SdistIdentity {
  const data = readFileSync(sdist);
  const sha256 = createHash("sha256").update(data).digest("hex");
  try {
    const parsed = parseSdistFilename(basename(sdist));
    return { name: parsed.name, version: parsed.version.toString(), sha256 };
  } catch {
    const stem = basename(sdist).replace(/\.(tar\.gz|tgz|tar\.bz2|tar|zip)$/i, "");
    const dash = stem.lastIndexOf("-");
    return { name: dash < 0 ? stem : stem.slice(0, dash), version: dash < 0 ? "0" : stem.slice(dash + 1), sha256 };
  }
}

function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function label(key: BinaryKey): string {
  return `${key.name}-${key.version}`;
}

function toBuilt(entry: CachedBinary, id: SdistIdentity, fromCache: boolean, notes: string[]): BuiltArtifact {
  return { key: entry.key, name: id.name, version: id.version, path: entry.path, kind: entry.kind, sha256: entry.sha256, fromCache, notes };
}
