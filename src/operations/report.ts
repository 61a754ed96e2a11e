/**
 * pip's installation report (`pip install --dry-run --report FILE`),
 * version 1, built from a resolution: one entry per project to install
 * (kept installed distributions are left out, as pip does), with
 * `download_info` (PEP 610 form), `is_direct`, `is_yanked`, `requested`,
 * `requested_extras`, the core metadata in pip's JSON form, and the marker
 * environment. `formatInstallationReport` prints it as pip does
 * (`json.dumps(indent=2, ensure_ascii=True)`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Store } from "../installer/store.js";
import { metadataToJson, parseCoreMetadata, type CoreMetadata, type MetadataJson } from "../metadata/index.js";
import type { ResolvedPin } from "../resolver/lib.js";

export interface DownloadInfo {
  readonly url: string;
  readonly archive_info: { readonly hash?: string; readonly hashes?: Readonly<Record<string, string>> };
}

export interface InstallationReportItem {
  readonly download_info: DownloadInfo;
  readonly is_direct: boolean;
  readonly is_yanked: boolean;
  readonly requested: boolean;
  readonly requested_extras?: readonly string[];
  readonly metadata: MetadataJson;
}

export interface InstallationReport {
  readonly version: "1";
  readonly pip_version: string;
  readonly install: readonly InstallationReportItem[];
  readonly environment: Readonly<Record<string, string>>;
}

export interface InstallationReportInput {
  readonly pins: readonly ResolvedPin[];
  /** The pip-accel version (written as `pip_version`). */
  readonly version: string;
  /** The marker environment resolved for. */
  readonly environment: Readonly<Record<string, string>>;
  /** Core metadata of a pin in JSON form; null: a minimal one is made from the pin. */
  readonly metadataFor: (pin: ResolvedPin) => MetadataJson | null;
}

/** The URL without user and password (pip's `redacted_url` for PEP 610). */
export function redactCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === "" && parsed.password === "") return url;
    const keepUser = parsed.username === "git" || /^\$\{[A-Za-z0-9_]+\}$/.test(decodeURIComponent(parsed.username));
    if (!keepUser) parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url;
  }
}

function downloadInfo(pin: ResolvedPin): DownloadInfo {
  const file = pin.file!;
  const hashes = Object.fromEntries(Object.entries(file.hashes).map(([k, v]) => [k, v.toLowerCase()]));
  const first = Object.entries(hashes)[0];
  const archiveInfo = first === undefined ? {} : { hash: `${first[0]}=${first[1]}`, hashes };
  return { url: redactCredentials(file.url), archive_info: archiveInfo };
}

function minimalMetadata(pin: ResolvedPin): MetadataJson {
  return { metadata_version: "2.1", name: pin.name, version: pin.version };
}

/**
 * `metadataFor` backed by the metadata the resolution obtained
 * (`createIndexSources(...).metadataSource`).
 */
export function metadataFromSource(source: { coreMetadataFor(url: string): CoreMetadata | null }): (pin: ResolvedPin) => MetadataJson | null {
  return (pin) => {
    const core = pin.file === null ? null : source.coreMetadataFor(pin.file.url);
    return core === null ? null : metadataToJson(core);
  };
}

/** `metadataFor` backed by the METADATA of the pin's store entry (the cached fast path opens no sources). */
export function metadataFromStore(store: Store, records: { storeKeyFor(name: string, filename: string): string | null }): (pin: ResolvedPin) => MetadataJson | null {
  return (pin) => {
    const key = pin.file === null ? null : records.storeKeyFor(pin.name, pin.file.filename);
    const entry = key === null ? null : store.get(key);
    if (entry === null) return null;
    try {
      const text = readFileSync(join(entry.dir, entry.manifest.rootScheme, entry.manifest.distInfo, "METADATA"), "utf8");
      return metadataToJson(parseCoreMetadata(text));
    } catch {
      return null;
    }
  };
}

/** The report as data. */
export function buildInstallationReport(input: InstallationReportInput): InstallationReport {
  const install = input.pins.filter((pin) => pin.source !== "installed" && pin.file !== null).map((pin): InstallationReportItem => ({
    download_info: downloadInfo(pin),
    is_direct: pin.source === "direct",
    is_yanked: pin.file!.yanked !== false,
    requested: pin.requested,
    ...(pin.requested && pin.extras.length > 0 ? { requested_extras: [...pin.extras].sort() } : {}),
    metadata: input.metadataFor(pin) ?? minimalMetadata(pin),
  }));
  return { version: "1", pip_version: input.version, install, environment: { ...input.environment } };
}

/** The report as pip writes it: two-space indented JSON, non-ASCII escaped. */
export function formatInstallationReport(input: InstallationReportInput): string {
  const text = JSON.stringify(buildInstallationReport(input), null, 2);
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
