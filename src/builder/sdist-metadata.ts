/**
 * Metadata of an sdist whose dependencies could not be read statically:
 * `setup.py egg_info` (setuptools) or the backend's
 * `prepare_metadata_for_build_wheel` (PEP 517; `build_wheel` when the
 * backend lacks it), in the same provisioned build environment as a build.
 * Answers are cached per sdist sha256 in `<cacheDir>/sdist-metadata-v1/`.
 *
 * `BuilderMetadataSource` adapts this to the resolver's `MetadataSource`;
 * `locate` turns a request into a local sdist path (the operations layer
 * downloads it), or null when it cannot.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { openZip } from "../archive/index.js";
import { getFirst, getAll, parseCoreMetadata } from "../metadata/core-metadata.js";
import { eggMetadata } from "../metadata/egg-requires.js";
import type { CandidateMetadata, MetadataRequest, MetadataResult, MetadataSource } from "../resolver/sources.js";
import { binaryKey } from "./binary-key.js";
import { identifySdist, type Builder } from "./builder.js";
import { BuildFailedError, InvalidSdistError } from "./errors.js";

export const METADATA_BUCKET = "sdist-metadata-v1";

/** The sdist's core metadata (cached). */
export async function sdistMetadata(builder: Builder, sdist: string): Promise<CandidateMetadata> {
  const id = identifySdist(sdist);
  const cacheFile = join(builder.options.cacheDir, METADATA_BUCKET, `${id.sha256}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as CandidateMetadata;
  const key = binaryKey(id.name, id.version, id.sha256, builder.options.interpreter.info);
  const prepared = await builder.prepareSource(sdist, key, []);
  let text: string;
  try {
    const { system, env, src, work } = prepared;
    const out = join(work, "out");
    if (system.strategy === "pep517") {
      const result = await builder.hook(system, env, src, work, "prepare_metadata_for_build_wheel", key);
      text = typeof result === "string" ? readFileSync(join(out, result, "METADATA"), "utf8") : metadataFromWheel(join(out, basename((result as { wheel: string }).wheel)));
    } else {
      const eggBase = join(out, "egg");
      mkdirSync(eggBase);
      const run = await builder.runSetup(env, src, ["egg_info", "--egg-base", eggBase], key);
      const egg = readdirSync(eggBase).find((n) => n.endsWith(".egg-info"));
      if (run.code !== 0 || egg === undefined) throw new BuildFailedError({ project: `${id.name}-${id.version}`, output: run.output, logFile: null });
      const pkgInfo = readFileSync(join(eggBase, egg, "PKG-INFO"), "utf8");
      const requires = join(eggBase, egg, "requires.txt");
      text = eggMetadata(pkgInfo, existsSync(requires) ? readFileSync(requires, "utf8") : null);
    }
  } finally {
    prepared.cleanup();
  }
  const metadata = toCandidateMetadata(text, sdist);
  mkdirSync(join(builder.options.cacheDir, METADATA_BUCKET), { recursive: true });
  writeFileSync(`${cacheFile}.tmp`, JSON.stringify(metadata));
  renameSync(`${cacheFile}.tmp`, cacheFile);
  return metadata;
}

function metadataFromWheel(wheel: string): string {
  const zip = openZip(readFileSync(wheel), wheel);
  const entry = zip.entries.find((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.name));
  if (entry === undefined) throw new InvalidSdistError(`${wheel}: no .dist-info/METADATA`);
  return zip.read(entry).toString("utf8");
}

function toCandidateMetadata(text: string, label: string): CandidateMetadata {
  const parsed = parseCoreMetadata(text);
  const name = getFirst(parsed, "Name");
  const version = getFirst(parsed, "Version");
  if (name === null || version === null) throw new InvalidSdistError(`${label}: the prepared metadata lacks Name or Version`);
  return {
    kind: "ok", name, version,
    requiresDist: getAll(parsed, "Requires-Dist"),
    requiresPython: getFirst(parsed, "Requires-Python"),
    providesExtra: getAll(parsed, "Provides-Extra"),
  };
}

/** The resolver's MetadataSource, for sdists, built on a Builder. */
export class BuilderMetadataSource implements MetadataSource {
  constructor(private readonly builder: Builder, private readonly locate: (request: MetadataRequest) => Promise<string | null>) {}

  async getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    try {
      const path = await this.locate(request);
      if (path === null) return { kind: "unavailable", reason: `${request.filename} is not available locally` };
      return await sdistMetadata(this.builder, path);
    } catch (error) {
      return { kind: "unavailable", reason: `preparing metadata for ${request.filename} failed: ${(error as Error).message.split("\n")[0]}` };
    }
  }
}
