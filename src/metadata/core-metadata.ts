/**
 * Core metadata (`METADATA`, `PKG-INFO`, PEP 658 `.metadata` files): RFC 822
 * headers read as Python's `email.parser` does with the compat32 policy,
 * the fields the resolver needs, and pip's JSON conversion (PEP 566) used by
 * the installation report.
 *
 * compat32 rules kept here: a header is `Name: value` (leading blanks of the
 * value dropped); a line starting with a space or tab continues the previous
 * header (kept verbatim after a newline); the first empty line, or the first
 * line that is neither a header nor a continuation, starts the body.
 */
import { AccelError } from "../report/errors.js";

export class InvalidMetadata extends AccelError {
  constructor(message: string, input?: string) {
    super("invalid-metadata", message, input === undefined ? {} : { input });
    this.name = "InvalidMetadata";
  }
}

export interface CoreMetadata {
  /** Every header in file order: `[name as written, value]`. */
  readonly headers: readonly (readonly [string, string])[];
  /** The message body (the long description), "" when none. */
  readonly body: string;
}

/** The parts of core metadata resolution needs. */
export interface DependencyMetadata {
  readonly metadataVersion: string | null;
  readonly name: string | null;
  readonly version: string | null;
  readonly requiresDist: readonly string[];
  readonly requiresPython: string | null;
  readonly providesExtra: readonly string[];
  /** `Dynamic` fields, lower-cased (Metadata-Version 2.2+). */
  readonly dynamic: readonly string[];
}

const HEADER = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/;

/** Parses METADATA / PKG-INFO text (compat32). */
export function parseCoreMetadata(text: string): CoreMetadata {
  // Line by line up to the body only: a long description is sliced once, never split into lines.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const headers: [string, string][] = [];
  let pos = 0;
  let bodyStart = source.length;
  for (let first = true; pos < source.length; first = false) {
    const [line, next] = lineAt(source, pos);
    if (first && line.startsWith("From ")) { // a Unix mbox "From " line is skipped
      pos = next;
      continue;
    }
    if (line === "") {
      bodyStart = next;
      break;
    }
    const c = line.charCodeAt(0);
    if ((c === 0x20 || c === 0x09) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last[1] = `${last[1]}\n${line}`;
      pos = next;
      continue;
    }
    const m = HEADER.exec(line);
    if (m === null) { // not a header: the body starts here (compat32 MissingHeaderBodySeparatorDefect)
      bodyStart = pos;
      break;
    }
    headers.push([m[1]!, m[2]!]);
    pos = next;
  }
  const body = source.slice(bodyStart).replace(/\r\n?/g, "\n");
  return { headers: headers.map(([k, v]) => [k, v.trimEnd()] as const), body };
}

/** The line starting at `pos` (without its end: `\r\n`, `\n` or `\r`) and where the next one starts. */
function lineAt(text: string, pos: number): [string, number] {
  let end = pos;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 0x0a || c === 0x0d) break;
    end++;
  }
  if (end === text.length) return [text.slice(pos), end];
  const next = text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
  return [text.slice(pos, end), next];
}

/** Every value of a field (case-insensitive name), in file order. */
export function getAll(metadata: CoreMetadata, field: string): string[] {
  const wanted = field.toLowerCase();
  return metadata.headers.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
}

/** The first value of a field, or null. */
export function getFirst(metadata: CoreMetadata, field: string): string | null {
  return getAll(metadata, field)[0] ?? null;
}

/** Writes headers and body back as METADATA text (parses back to the same headers and body). */
export function formatCoreMetadata(metadata: CoreMetadata): string {
  const head = metadata.headers.map(([k, v]) => `${k}: ${v}`).join("\n");
  return metadata.body === "" ? `${head}\n` : `${head}\n\n${metadata.body}`;
}

/** The resolver's view of the metadata. */
export function dependencyMetadata(metadata: CoreMetadata): DependencyMetadata {
  const requiresPython = getFirst(metadata, "Requires-Python");
  return {
    metadataVersion: getFirst(metadata, "Metadata-Version"),
    name: getFirst(metadata, "Name"),
    version: getFirst(metadata, "Version"),
    requiresDist: getAll(metadata, "Requires-Dist").map((v) => v.trim()).filter((v) => v !== ""),
    requiresPython: requiresPython === null || requiresPython.trim() === "" ? null : requiresPython.trim(),
    providesExtra: getAll(metadata, "Provides-Extra").map((v) => v.trim()).filter((v) => v !== ""),
    dynamic: getAll(metadata, "Dynamic").map((v) => v.trim().toLowerCase()),
  };
}

/** `Metadata-Version` as `[major, minor]`, or null when missing or malformed. */
export function metadataVersionOf(metadata: CoreMetadata): [number, number] | null {
  const m = /^\s*(\d+)\.(\d+)/.exec(getFirst(metadata, "Metadata-Version") ?? "");
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** pip's `METADATA_FIELDS` (name, multiple-use) for the JSON conversion. */
const JSON_FIELDS: readonly (readonly [string, boolean])[] = [
  ["Metadata-Version", false], ["Name", false], ["Version", false], ["Dynamic", true], ["Platform", true],
  ["Supported-Platform", true], ["Summary", false], ["Description", false], ["Description-Content-Type", false],
  ["Keywords", false], ["Home-page", false], ["Download-URL", false], ["Author", false], ["Author-email", false],
  ["Maintainer", false], ["Maintainer-email", false], ["License", false], ["License-Expression", false],
  ["License-File", true], ["Classifier", true], ["Requires-Dist", true], ["Requires-Python", false],
  ["Requires-External", true], ["Project-URL", true], ["Provides-Extra", true], ["Provides-Dist", true],
  ["Obsoletes-Dist", true],
];

export type MetadataJson = Record<string, string | string[]>;

/** The JSON form of core metadata, as pip's `msg_to_json` builds it for the installation report. */
export function metadataToJson(metadata: CoreMetadata): MetadataJson {
  const out: MetadataJson = {};
  for (const [field, multi] of JSON_FIELDS) {
    const values = getAll(metadata, field);
    if (values.length === 0) continue;
    const key = field.toLowerCase().replace(/-/g, "_");
    if (multi) out[key] = values;
    else if (key === "keywords") out[key] = values[0]!.includes(",") ? values[0]!.split(",").map((v) => v.trim()) : values[0]!.split(/\s+/).filter((v) => v !== "");
    else out[key] = values[0]!;
  }
  if (metadata.body !== "") out["description"] = metadata.body;
  return out;
}
