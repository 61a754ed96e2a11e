/**
 * Unpacking a wheel (PEP 427) into the store, once.
 *
 * Checks: exactly one top-level `.dist-info` whose name matches METADATA's
 * `Name`, `Wheel-Version` major 1, every file listed in RECORD with a hash
 * that matches the bytes (verified while extracting, on top of the ZIP
 * reader's CRC-32 checks), `.data/<key>/` only for the five scheme keys,
 * no two members landing on the same path. `Root-Is-Purelib` picks the root
 * scheme. `.data/scripts/` wrappers for entry points are skipped (pip does
 * the same: the installer regenerates them).
 */
import { sha256Hex } from "../archive/digest.js";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { SCHEME_KEYS, type SchemeKey } from "../python/scheme.js";
import { InvalidWheelError } from "./errors.js";
import { getFirst, parseCoreMetadata } from "../metadata/core-metadata.js";
import { canonicalizeName } from "../filenames/index.js";
import { matchesRecordHash, parseRecord, recordHashFromHex, type RecordEntry } from "./record.js";
import { hasPythonShebang, isEntryPointWrapper, parseEntryPoints, type EntryPoint } from "./scripts.js";
import { Store, STORE_FORMAT, writeStoreFile, type StoreEntry, type StoreFile, type StoreManifest } from "./store.js";
import { openZip, type ZipArchive, type ZipEntry } from "../archive/zip-reader.js";
import { checkMemberName } from "../archive/member-path.js";

export interface UnpackOptions {
  /** The archive's sha256 when already known (saves hashing it again). */
  sha256?: string;
  /** The project name the caller expects (from the wheel filename or the resolver). */
  expectedName?: string;
}

/** Dist-info files the installer writes itself; the wheel's copies are not kept. */
const GENERATED = new Set(["RECORD", "RECORD.jws", "RECORD.p7s", "INSTALLER", "REQUESTED", "direct_url.json"]);

/** Unpacks `wheelPath` into `store` unless it is there already. */
export async function unpackWheel(wheelPath: string, store: Store, options: UnpackOptions = {}): Promise<StoreEntry> {
  const known = options.sha256 === undefined ? null : store.get(options.sha256);
  if (known !== null) return known;
  const buf = await readFile(wheelPath);
  const sha = options.sha256 ?? sha256Hex(buf);
  return store.ensure(sha, async (tmp) => extractWheel(buf, basename(wheelPath), tmp, sha, options.expectedName));
}

interface WheelInfo {
  distInfo: string;
  name: string;
  version: string;
  rootScheme: "purelib" | "platlib";
  record: Map<string, RecordEntry>;
  entryPoints: EntryPoint[];
}

/** How long unpacking runs before it lets the event loop go on (downloads and the resolver's requests meanwhile). */
const SLICE_MS = 5;

async function extractWheel(buf: Buffer, label: string, tmp: string, sha: string, expectedName?: string): Promise<StoreManifest> {
  const zip = openZip(buf, label);
  const info = readWheelInfo(zip, label, expectedName);
  const dataDir = info.distInfo.replace(/\.dist-info$/, ".data");
  const files: StoreFile[] = [];
  const seen = new Set<string>();
  const dirs = new Set<string>();
  let sliceStart = performance.now();
  for (const entry of zip.entries) {
    if (entry.isDirectory) continue;
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    const { data, sha256 } = readVerified(zip, entry, info.record, label);
    const [scheme, path] = placeMember(entry.name, dataDir, info.rootScheme, label);
    if (scheme === info.rootScheme && path.startsWith(`${info.distInfo}/`) && GENERATED.has(path.slice(info.distInfo.length + 1))) continue;
    if (scheme === "scripts" && isEntryPointWrapper(basename(path), info.entryPoints)) continue;
    const key = `${scheme}/${path}`;
    if (seen.has(key)) throw new InvalidWheelError(`${label}: two members install to ${scheme}/${path}`);
    seen.add(key);
    const file = writeStoreFile(tmp, scheme, path, data, (entry.mode & 0o111) !== 0, dirs, sha256 ?? undefined);
    if (scheme === "scripts" && hasPythonShebang(data)) file.rewrite = "python-shebang";
    files.push(file);
  }
  return {
    storeFormat: STORE_FORMAT, kind: "wheel", archiveSha256: sha, name: info.name, version: info.version,
    distInfo: info.distInfo, rootScheme: info.rootScheme, files, entryPoints: info.entryPoints,
  };
}

function readWheelInfo(zip: ZipArchive, label: string, expectedName?: string): WheelInfo {
  const distInfos = new Set<string>();
  for (const entry of zip.entries) {
    const top = entry.name.split("/")[0] as string;
    if (entry.name.includes("/") && top.endsWith(".dist-info")) distInfos.add(top);
  }
  if (distInfos.size !== 1) {
    throw new InvalidWheelError(`${label}: expected exactly one .dist-info directory, found ${distInfos.size === 0 ? "none" : [...distInfos].join(", ")}`);
  }
  const distInfo = [...distInfos][0] as string;
  const text = (name: string): string | null => {
    const entry = zip.entries.find((e) => e.name === `${distInfo}/${name}`);
    return entry === undefined ? null : zip.read(entry).toString("utf8");
  };
  const metadataText = text("METADATA");
  const recordText = text("RECORD");
  const wheelText = text("WHEEL");
  if (metadataText === null || recordText === null || wheelText === null) {
    throw new InvalidWheelError(`${label}: ${distInfo} must contain METADATA, RECORD and WHEEL`);
  }
  const metadata = parseCoreMetadata(metadataText);
  const name = getFirst(metadata, "Name");
  const version = getFirst(metadata, "Version");
  if (name === null || version === null) throw new InvalidWheelError(`${label}: METADATA has no Name or Version`);
  checkNames(distInfo, name, expectedName, label);
  const wheel = parseCoreMetadata(wheelText);
  checkWheelVersion(getFirst(wheel, "Wheel-Version"), label);
  const rootScheme = (getFirst(wheel, "Root-Is-Purelib") ?? "").toLowerCase() === "true" ? "purelib" : "platlib";
  const rows = parseRecord(recordText);
  for (const row of rows) {
    try {
      checkMemberName(row.path, label);
    } catch {
      throw new InvalidWheelError(`${label}: RECORD lists ${JSON.stringify(row.path)}, a path outside the wheel`);
    }
  }
  const record = new Map(rows.map((row) => [row.path, row]));
  const epText = text("entry_points.txt");
  const entryPoints = epText === null ? [] : parseEntryPoints(epText, `${label}: entry_points.txt`);
  return { distInfo, name, version, rootScheme, record, entryPoints };
}

function checkNames(distInfo: string, name: string, expectedName: string | undefined, label: string): void {
  const infoName = canonicalizeName(distInfo.replace(/\.dist-info$/, ""));
  if (!infoName.startsWith(canonicalizeName(name))) {
    throw new InvalidWheelError(`${label}: ${distInfo} does not match the project name ${JSON.stringify(name)} in METADATA`);
  }
  if (expectedName !== undefined && canonicalizeName(expectedName) !== canonicalizeName(name)) {
    throw new InvalidWheelError(`${label}: the wheel contains ${JSON.stringify(name)}, expected ${JSON.stringify(expectedName)}`);
  }
}

function checkWheelVersion(value: string | null, label: string): void {
  const match = /^(\d+)(\.\d+)*$/.exec(value ?? "");
  if (match === null) throw new InvalidWheelError(`${label}: WHEEL has no valid Wheel-Version`);
  if (match[1] !== "1") throw new InvalidWheelError(`${label}: Wheel-Version ${value} is not supported (only 1.x)`);
}

/**
 * A member's bytes, checked against RECORD, with their sha256 in hex when
 * RECORD's hash is a sha256 (the store keeps it: the bytes are hashed once).
 */
function readVerified(zip: ZipArchive, entry: ZipEntry, record: Map<string, RecordEntry>, label: string): { data: Buffer; sha256: string | null } {
  const data = zip.read(entry);
  const base = entry.name.split("/").pop() as string;
  const isRecordFile = entry.name.split("/").length === 2 && entry.name.split("/")[0]?.endsWith(".dist-info") === true && /^RECORD(\.jws|\.p7s)?$/.test(base);
  if (isRecordFile) return { data, sha256: null };
  const row = record.get(entry.name);
  if (row === undefined || row.hash === "") {
    throw new InvalidWheelError(`${label}: ${entry.name} is not listed in RECORD with a hash`);
  }
  const mismatch = (): InvalidWheelError => new InvalidWheelError(`${label}: ${entry.name} does not match its RECORD hash`);
  if (row.size !== null && row.size !== data.length) throw mismatch();
  if (row.hash.startsWith("sha256=")) {
    const hex = sha256Hex(data);
    if (recordHashFromHex(hex) !== `sha256=${row.hash.slice("sha256=".length).replace(/=+$/, "")}`) throw mismatch();
    return { data, sha256: hex };
  }
  if (!matchesRecordHash(data, row.hash, label)) throw mismatch();
  return { data, sha256: null };
}

function placeMember(name: string, dataDir: string, rootScheme: SchemeKey, label: string): [SchemeKey, string] {
  if (!name.startsWith(`${dataDir}/`)) return [rootScheme, name];
  const [, key = "", ...rest] = name.split("/");
  if (!(SCHEME_KEYS as readonly string[]).includes(key) || rest.length === 0) {
    throw new InvalidWheelError(`${label}: ${name} is not under one of ${dataDir}/{${SCHEME_KEYS.join(",")}}/`);
  }
  return [key as SchemeKey, rest.join("/")];
}
