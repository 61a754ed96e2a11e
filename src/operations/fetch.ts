/**
 * Getting an artifact onto local disk: `file:` URLs and paths are read in
 * place; `http(s):` files are downloaded once into
 * `<cache>/downloads-v0/<sha256(url)>/<filename>` (temp file + rename) and
 * checked against every known hash.
 *
 * Interim: the index client's downloader (src/index) replaces the HTTP
 * part once it is on main; the interface (`localPath`) stays.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AccelError } from "../report/errors.js";

export interface FetchedArtifact {
  path: string;
  sha256: string;
}

export interface ArtifactFile {
  readonly url: string;
  readonly filename: string;
  readonly hashes: Readonly<Record<string, string>>;
}

export class ArtifactFetcher {
  private readonly inFlight = new Map<string, Promise<FetchedArtifact>>();

  constructor(private readonly cacheDir: string, private readonly offline = false) {}

  /** The artifact on disk (downloaded at most once per process and cache). */
  localPath(file: ArtifactFile): Promise<FetchedArtifact> {
    const key = file.url.split("#")[0]!;
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.fetch(file, key);
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetch(file: ArtifactFile, url: string): Promise<FetchedArtifact> {
    if (url.startsWith("file:") || isAbsolute(url)) {
      const path = url.startsWith("file:") ? fileURLToPath(url) : url;
      return { path, sha256: verify(readFileSync(path), file) };
    }
    const dir = join(this.cacheDir, "downloads-v0", sha256(Buffer.from(url)));
    const path = join(dir, file.filename);
    if (existsSync(path)) return { path, sha256: verify(readFileSync(path), file) };
    if (this.offline) throw new AccelError("offline-miss", `${file.filename} is not in the cache and --offline forbids downloading it`);
    const response = await fetch(url);
    if (!response.ok) throw new AccelError("download-failed", `Downloading ${url} failed: HTTP ${response.status}`);
    const data = Buffer.from(await response.arrayBuffer());
    const digest = verify(data, file);
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    return { path, sha256: digest };
  }
}

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Checks `data` against the file's known hashes; returns its sha256. */
function verify(data: Buffer, file: ArtifactFile): string {
  const digest = sha256(data);
  for (const [algorithm, expected] of Object.entries(file.hashes)) {
    const got = algorithm === "sha256" ? digest : createHash(algorithm).update(data).digest("hex");
    if (got !== expected.toLowerCase()) {
      throw new AccelError("hash-mismatch", `${file.filename}: expected ${algorithm}:${expected}, got ${got}`, {
        hint: "The file changed on the server or was corrupted in transit; check the index and the requirement's --hash.",
      });
    }
  }
  return digest;
}
