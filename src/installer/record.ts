/**
 * RECORD files (PEP 376 / the recording-installed-packages spec): CSV rows
 * `path,hash,size` with `hash` = `<algo>=<urlsafe-base64 digest, no padding>`.
 * Also the hash helpers shared by the wheel reader and the installer.
 */
import { createHash } from "node:crypto";
import { InvalidWheelError } from "./errors.js";

export interface RecordEntry {
  path: string;
  /** `sha256=…` or `""`. */
  hash: string;
  /** Decimal size, or `null` when not recorded. */
  size: number | null;
}

/** Algorithms accepted in a wheel's RECORD (Python's `hashlib.algorithms_guaranteed` minus the weak and exotic ones). */
const ALLOWED = new Set(["sha256", "sha384", "sha512", "sha224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]);
const NODE_NAMES: Record<string, string> = { sha3_256: "sha3-256", sha3_384: "sha3-384", sha3_512: "sha3-512", blake2b: "blake2b512", blake2s: "blake2s256" };

/** `sha256=<urlsafe b64 nopad>` of `data`. */
export function recordHash(data: Uint8Array, algorithm = "sha256"): string {
  const digest = createHash(NODE_NAMES[algorithm] ?? algorithm).update(data).digest("base64url");
  return `${algorithm}=${digest}`;
}

/** Converts a hex sha256 into RECORD form. */
export function recordHashFromHex(hex: string): string {
  return `sha256=${Buffer.from(hex, "hex").toString("base64url")}`;
}

/** True when `data` matches a RECORD hash. Throws on an unsupported algorithm. */
export function matchesRecordHash(data: Uint8Array, hash: string, where: string): boolean {
  const eq = hash.indexOf("=");
  const algorithm = eq < 0 ? "" : hash.slice(0, eq);
  if (!ALLOWED.has(algorithm)) throw new InvalidWheelError(`${where}: unsupported RECORD hash algorithm ${JSON.stringify(algorithm)}`);
  return recordHash(data, algorithm) === `${algorithm}=${hash.slice(eq + 1).replace(/=+$/, "")}`;
}

/** Parses RECORD text with Python's default csv dialect (`,` separator, `"` quoting, `""` escapes). */
export function parseRecord(text: string): RecordEntry[] {
  const rows = parseCsv(text);
  const out: RecordEntry[] = [];
  for (const row of rows) {
    if (row.length === 1 && row[0] === "") continue;
    const [path = "", hash = "", size = ""] = row;
    out.push({ path, hash, size: size === "" ? null : Number.parseInt(size, 10) });
  }
  return out;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** Formats rows like Python's csv writer with `lineterminator="\n"`, sorted by path as pip does. */
export function formatRecord(entries: RecordEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sorted.map((e) => [e.path, e.hash, e.size === null ? "" : String(e.size)].map(csvField).join(",") + "\n").join("");
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
