/**
 * Builds real `.whl` files from a `{path: content}` map: `WHEEL`, `METADATA`
 * (Metadata-Version 2.1), `entry_points.txt`, `.data/<scheme>/` members and a
 * `RECORD` with urlsafe-base64 sha256 hashes and sizes, as pypa/installer's
 * and pip's test helpers make them. Output is reproducible (fixed timestamps).
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeZip, type ZipMemberInput } from "../../src/archive/zip-writer.js";

export type Content = string | Buffer;

export interface CoreMetadataSpec {
  requiresDist?: string[];
  requiresPython?: string;
  providesExtra?: string[];
  summary?: string;
  /** More headers, written in order after the standard ones; an array value repeats the header. */
  headers?: Record<string, string | string[]>;
  /** The description, written as the message body after a blank line. */
  body?: string;
  /** Default "2.1". */
  metadataVersion?: string;
}

export interface WheelSpec {
  name: string;
  version: string;
  /** Files relative to the wheel root (purelib or platlib), e.g. `{"pa_demo/__init__.py": "X = 1\n"}`. */
  files?: Record<string, Content>;
  metadata?: CoreMetadataSpec;
  /** `{console_scripts: {"pa-demo": "pa_demo.cli:main"}}`; other groups are written too. */
  entryPoints?: Record<string, Record<string, string>>;
  /** `.data` members per scheme: `{scripts: {"tool": "#!python\n..."}, data: {"share/x.txt": "..."}}`. */
  data?: Record<string, Record<string, Content>>;
  /** Compressed tag set, default `py3-none-any`. */
  tag?: string;
  /** Optional build number (the filename's build tag). */
  build?: string;
  /** `Root-Is-Purelib` (default true). */
  rootIsPurelib?: boolean;
  /** Unix permission bits per archive path (e.g. `{"pa_demo-1.0.data/scripts/tool": 0o755}`). */
  modes?: Record<string, number>;
  /** Extra files in the `.dist-info` directory (e.g. `{"LICENSE": "..."}`). */
  distInfo?: Record<string, Content>;
}

export interface BuiltWheel {
  path: string;
  filename: string;
  /** Hex sha256 of the whole `.whl`. */
  sha256: string;
  /** The METADATA text (what an index serves as PEP 658 `.metadata`). */
  metadata: string;
  /** `<name>-<version>.dist-info`. */
  distInfoDir: string;
}

/** The filename form of a project name (PEP 427 / binary distribution format). */
export function escapeWheelName(name: string): string {
  return name.replace(/[-_.]+/g, "_").toLowerCase();
}

/** `sha256=<urlsafe b64, no padding>` as in RECORD. */
export function recordHash(data: Content): string {
  return `sha256=${createHash("sha256").update(data).digest("base64url")}`;
}

/** Core metadata text (RFC 822 style) for a name and version. */
export function formatCoreMetadata(name: string, version: string, spec: CoreMetadataSpec = {}): string {
  const lines = [`Metadata-Version: ${spec.metadataVersion ?? "2.1"}`, `Name: ${name}`, `Version: ${version}`];
  if (spec.summary !== undefined) lines.push(`Summary: ${spec.summary}`);
  if (spec.requiresPython !== undefined) lines.push(`Requires-Python: ${spec.requiresPython}`);
  for (const extra of spec.providesExtra ?? []) lines.push(`Provides-Extra: ${extra}`);
  for (const req of spec.requiresDist ?? []) lines.push(`Requires-Dist: ${req}`);
  for (const [key, value] of Object.entries(spec.headers ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${key}: ${v}`);
  }
  const head = `${lines.join("\n")}\n`;
  return spec.body === undefined ? head : `${head}\n${spec.body}`;
}

/** `entry_points.txt` in the INI form setuptools writes. */
export function formatEntryPoints(groups: Record<string, Record<string, string>>): string {
  return Object.entries(groups)
    .map(([group, entries]) => `[${group}]\n${Object.entries(entries).map(([k, v]) => `${k} = ${v}`).join("\n")}\n`)
    .join("\n");
}

/** `Tag:` lines for a compressed tag set such as `py2.py3-none-any`. */
function expandTags(tag: string): string[] {
  const [pys, abis, plats] = tag.split("-");
  if (!pys || !abis || !plats) throw new Error(`buildWheel: bad tag ${tag}`);
  return pys.split(".").flatMap((py) => abis.split(".").flatMap((abi) => plats.split(".").map((plat) => `${py}-${abi}-${plat}`)));
}

/** The archive members of a wheel (RECORD last), before zipping. Useful for hand-made variants. */
export function wheelMembers(spec: WheelSpec): { members: [string, Content][]; metadata: string; distInfoDir: string } {
  const stem = `${escapeWheelName(spec.name)}-${spec.version.replace(/-/g, "_")}`;
  const distInfoDir = `${stem}.dist-info`;
  const metadata = formatCoreMetadata(spec.name, spec.version, spec.metadata);
  const wheelText = ["Wheel-Version: 1.0", "Generator: pip-accel-test-kit", `Root-Is-Purelib: ${spec.rootIsPurelib !== false}`, ...expandTags(spec.tag ?? "py3-none-any").map((t) => `Tag: ${t}`)];
  if (spec.build !== undefined) wheelText.push(`Build: ${spec.build}`);
  const members: [string, Content][] = Object.entries(spec.files ?? {});
  for (const [scheme, files] of Object.entries(spec.data ?? {})) {
    for (const [p, content] of Object.entries(files)) members.push([`${stem}.data/${scheme}/${p}`, content]);
  }
  members.push([`${distInfoDir}/METADATA`, metadata], [`${distInfoDir}/WHEEL`, `${wheelText.join("\n")}\n`]);
  if (spec.entryPoints) members.push([`${distInfoDir}/entry_points.txt`, formatEntryPoints(spec.entryPoints)]);
  for (const [p, content] of Object.entries(spec.distInfo ?? {})) members.push([`${distInfoDir}/${p}`, content]);
  const record = members.map(([p, c]) => `${p},${recordHash(c)},${Buffer.byteLength(c)}`);
  record.push(`${distInfoDir}/RECORD,,`);
  members.push([`${distInfoDir}/RECORD`, `${record.join("\n")}\n`]);
  return { members, metadata, distInfoDir };
}

/** The wheel's filename: `<name>-<version>[-<build>]-<tag>.whl`. */
export function wheelFilename(spec: Pick<WheelSpec, "name" | "version" | "build" | "tag">): string {
  const build = spec.build === undefined ? "" : `-${spec.build}`;
  return `${escapeWheelName(spec.name)}-${spec.version.replace(/-/g, "_")}${build}-${spec.tag ?? "py3-none-any"}.whl`;
}

/** Builds the wheel into `outDir` (created if needed). */
export function buildWheel(spec: WheelSpec, outDir: string): BuiltWheel {
  const { members, metadata, distInfoDir } = wheelMembers(spec);
  const zipMembers: ZipMemberInput[] = members.map(([p, data]) => {
    const mode = spec.modes?.[p];
    return mode === undefined ? { path: p, data } : { path: p, data, mode: 0o100000 | mode };
  });
  const bytes = writeZip(zipMembers);
  const filename = wheelFilename(spec);
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, filename);
  writeFileSync(file, bytes);
  return { path: file, filename, sha256: createHash("sha256").update(bytes).digest("hex"), metadata, distInfoDir };
}
