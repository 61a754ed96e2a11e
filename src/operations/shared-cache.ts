/**
 * The binary cache shared through S3-compatible storage.
 *
 * Layout under `<prefix>/binaries-v1/<name>/`, for a key string K
 * (binary-key.ts: name, version, sdist sha256, interpreter, ABI, platform):
 *
 *     K.json                    the manifest: the local entry record (key, kind, sha256, size, file)
 *     K.<sha256>.tar.gz|.whl    the archive, named by its own sha256
 *
 * Objects are immutable. An upload writes the archive, then the manifest,
 * each with `If-None-Match: *`. Because archives are named by content, any
 * manifest that exists points at an archive that was written before it:
 * eight machines racing on one key leave one manifest and the archive it
 * names, whether or not the store honours the condition.
 *
 * A fetch reads the manifest, checks that it is for exactly this key,
 * downloads the archive and checks its size and sha256 before the local
 * cache (binary-cache.ts) takes it; a wrong or truncated object is refused
 * and never reaches the local cache. The first fault that says the store
 * is unusable (unreachable, slow, forbidden, misconfigured) gives one
 * warning and turns the shared cache off for the rest of the run: the
 * install goes on with local builds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "../archive/digest.js";
import { BINARY_BUCKET, type BinaryCache, type CachedBinary, type CachedKind } from "../builder/binary-cache.js";
import { binaryKeyString, interpreterKeyString, type BinaryKey } from "../builder/binary-key.js";
import type { SharedBinaryCache } from "../builder/shared-cache.js";
import { HttpClient } from "../index/http.js";
import { awsEnvironment } from "../s3/credentials.js";
import { S3Client, S3Error } from "../s3/client.js";
import type { S3Settings } from "../s3/settings.js";

interface Manifest {
  formatVersion: 1;
  key: BinaryKey;
  kind: CachedKind;
  file: string;
  sha256: string;
  size: number;
  created: string;
}

export interface SharedCacheStatus {
  location: string;
  reachable: boolean;
  writable: "yes" | "no" | "read-only";
  /** Binaries in the store, and those for this interpreter and platform. */
  entries: number;
  entriesHere: number;
  problem: string | null;
}

const sameKey = (a: BinaryKey, b: BinaryKey): boolean =>
  (["name", "version", "sdistSha256", "implementation", "pythonVersion", "abi", "platform"] as const).every((f) => a[f] === b[f]);

function validManifest(value: unknown, key: BinaryKey, base: string): value is Manifest {
  const m = value as Partial<Manifest> | null;
  return m !== null && typeof m === "object" && m.formatVersion === 1 && typeof m.key === "object" && m.key !== null && sameKey(m.key, key)
    && (m.kind === "binary" || m.kind === "wheel") && typeof m.sha256 === "string" && /^[0-9a-f]{64}$/.test(m.sha256)
    && typeof m.size === "number" && m.size >= 0 && m.file === archiveName(base, m.sha256, m.kind);
}

function archiveName(base: string, sha256: string, kind: CachedKind): string {
  return `${base}.${sha256}${kind === "wheel" ? ".whl" : ".tar.gz"}`;
}

export class S3BinaryCache implements SharedBinaryCache {
  private off: string | null = null;
  private bucketChecked = false;

  constructor(
    readonly client: S3Client,
    private readonly settings: S3Settings,
    private readonly warn: (message: string) => void,
    private readonly tempRoot: string,
  ) {}

  /** `s3://bucket/prefix/`. */
  get location(): string {
    return this.client.describe(this.settings.prefix === "" ? "" : `${this.settings.prefix}/`);
  }

  private objectKey(key: BinaryKey, file: string): string {
    return [this.settings.prefix, BINARY_BUCKET, key.name, file].filter((p) => p !== "").join("/");
  }

  /** Turns the shared cache off for this run, with one warning. */
  private disable(error: unknown): void {
    if (this.off !== null) return;
    this.off = error instanceof Error ? error.message : String(error);
    this.warn(`${this.location} is not usable (${this.off}); going on with local builds`);
  }

  async fetch(key: BinaryKey, local: BinaryCache): Promise<CachedBinary | null> {
    if (this.off !== null) return null;
    const base = binaryKeyString(key);
    try {
      const manifestBytes = await this.client.getObject(this.objectKey(key, `${base}.json`));
      if (manifestBytes === null) return null;
      let manifest: unknown;
      try {
        manifest = JSON.parse(manifestBytes.toString("utf8"));
      } catch {
        manifest = null;
      }
      if (!validManifest(manifest, key, base)) {
        this.warn(`refused ${this.client.describe(this.objectKey(key, `${base}.json`))}: not a manifest for this key`);
        return null;
      }
      const archive = await this.client.getObject(this.objectKey(key, manifest.file));
      if (archive === null) return null;
      if (archive.length !== manifest.size || sha256Hex(archive) !== manifest.sha256) {
        this.warn(`refused ${this.client.describe(this.objectKey(key, manifest.file))}: its size or sha256 does not match the manifest`);
        return null;
      }
      const dir = mkdtempSync(join(this.tempRoot, "pip-accel-shared-"));
      try {
        const file = join(dir, manifest.file);
        writeFileSync(file, archive);
        return local.put(key, file, manifest.kind);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } catch (error) {
      this.disable(error);
      return null;
    }
  }

  async upload(entry: CachedBinary): Promise<void> {
    if (this.off !== null || this.settings.readonly) return;
    try {
      await this.put(entry);
    } catch (error) {
      this.disable(error);
    }
  }

  /** Uploads one entry (archive, then manifest); "exists" when the store had the manifest already. */
  private async put(entry: CachedBinary): Promise<"written" | "exists"> {
    await this.ensureBucket();
    const base = binaryKeyString(entry.key);
    const data = readFileSync(entry.path);
    const sha256 = sha256Hex(data);
    const file = archiveName(base, sha256, entry.kind);
    const manifest: Manifest = { formatVersion: 1, key: entry.key, kind: entry.kind, file, sha256, size: data.length, created: new Date().toISOString() };
    await this.client.putObject(this.objectKey(entry.key, file), data, { ifAbsent: true });
    return this.client.putObject(this.objectKey(entry.key, `${base}.json`), Buffer.from(JSON.stringify(manifest, null, 1)), { ifAbsent: true, contentType: "application/json" });
  }

  private async ensureBucket(): Promise<void> {
    if (this.bucketChecked || !this.settings.createBucket) return;
    try {
      await this.client.headBucket();
    } catch (error) {
      if (!(error instanceof S3Error) || error.s3Code !== "NoSuchBucket") throw error;
      await this.client.createBucket();
    }
    this.bucketChecked = true;
  }

  /** `cache push`: shares every local entry the store lacks; counts of uploaded and already shared entries. */
  async push(entries: readonly CachedBinary[]): Promise<{ uploaded: number; present: number }> {
    if (this.settings.readonly) throw new S3Error(0, "ReadOnly", `push to ${this.location}`, "PIP_ACCEL_S3_READONLY is set");
    let uploaded = 0;
    let present = 0;
    for (const entry of entries) {
      if ((await this.put(entry)) === "written") uploaded++;
      else present++;
    }
    return { uploaded, present };
  }

  /** `cache info`: reachable, writable, entries (all, and those for the interpreter `here`). */
  async status(interpreter: Pick<BinaryKey, "implementation" | "pythonVersion" | "abi" | "platform">): Promise<SharedCacheStatus> {
    const here = interpreterKeyString(interpreter);
    const out: SharedCacheStatus = { location: this.location, reachable: false, writable: "no", entries: 0, entriesHere: 0, problem: null };
    try {
      const keys = await this.client.list([this.settings.prefix, BINARY_BUCKET].filter((p) => p !== "").join("/") + "/");
      out.reachable = true;
      const manifests = keys.filter((k) => k.endsWith(".json"));
      out.entries = manifests.length;
      out.entriesHere = manifests.filter((k) => k.endsWith(`-${here}.json`)).length;
      if (this.settings.readonly) out.writable = "read-only";
      else {
        const probe = [this.settings.prefix, `.pip-accel-probe-${process.pid}-${Date.now()}`].filter((p) => p !== "").join("/");
        await this.client.putObject(probe, Buffer.from("probe\n"));
        await this.client.deleteObject(probe);
        out.writable = "yes";
      }
    } catch (error) {
      out.problem = error instanceof Error ? error.message : String(error);
    }
    return out;
  }
}

/** The S3 client for the settings: credentials and region from the AWS chain, the timeout and retries given. */
export function openS3BinaryCache(settings: S3Settings, env: Record<string, string | undefined>, warn: (message: string) => void, tempRoot: string): { cache: S3BinaryCache; close: () => Promise<void> } {
  const aws = awsEnvironment(env);
  const endpoint = settings.url ?? `https://s3.${aws.region}.amazonaws.com`;
  const addressing = settings.addressing ?? (settings.url !== null || settings.bucket.includes(".") ? "path" : "virtual");
  const http = new HttpClient({ retries: settings.retries, timeoutMs: settings.timeoutMs, env, userAgent: "pip-accel", netrcPath: null, backoffMs: 200 });
  const client = new S3Client({ endpoint, bucket: settings.bucket, addressing, region: aws.region }, aws.credentials, http);
  return { cache: new S3BinaryCache(client, settings, warn, tempRoot), close: () => http.close() };
}
