/**
 * Downloads that are checked before they are kept.
 *
 * The body streams to a temporary file next to the destination while its
 * hashes are computed; then the length (Content-Length and the index's
 * announced size), the index hash (the link's first hash, as pip) and the
 * user's `--hash` values are checked, and only then is the file renamed
 * into place. A truncated, mismatching or failed download leaves nothing
 * behind. A body cut off mid-way is retried (`retries`); a hash or size
 * mismatch is not (the same bytes would come back). Concurrent downloads
 * of one URL to one destination share a single transfer.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, basename } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { commitTemp, tempPathFor } from "../cache/cache.js";
import { OnceMap } from "../cache/once-map.js";
import { AccelError, isAccelError } from "../report/errors.js";
import { redactText, redactUrl } from "./credentials.js";
import { httpStatusError, type HttpClient } from "./http.js";

export interface DownloadRequest {
  url: string;
  /** Final path of the file. */
  destination: string;
  /** The index's hash (`[name, hex]`), checked when present. */
  indexHash?: [string, string] | null;
  /** User hashes (`--hash` in requirement files): per algorithm, the allowed digests. */
  userHashes?: Record<string, string[]>;
  /** PEP 700 size announced by the index. */
  size?: number | null;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  size: number;
}

/** A download whose bytes do not match what the index or the user promised. */
export class HashMismatchError extends AccelError {
  constructor(filename: string, displayUrl: string, algorithm: string, expected: string[], got: string) {
    super("hash-mismatch", `Hash mismatch for ${filename} from ${displayUrl}: expected ${algorithm} ${expected.join(" or ")}, got ${got}`, {
      hint: "The file was not kept. If the index changed the file on purpose, update the --hash in your requirements.",
    });
  }
}

export class Downloader {
  private readonly once = new OnceMap<string, DownloadResult>();

  constructor(private readonly http: HttpClient) {}

  download(request: DownloadRequest): Promise<DownloadResult> {
    return this.once.run(`${request.url}\n${request.destination}`, () => this.downloadWithRetries(request));
  }

  private async downloadWithRetries(request: DownloadRequest): Promise<DownloadResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request);
      } catch (error) {
        const retryable = !isAccelError(error) || error.code === "download-truncated";
        if (!retryable || attempt > this.http.retries) throw asDownloadError(error, request);
      }
    }
  }

  private async attempt(request: DownloadRequest): Promise<DownloadResult> {
    await mkdir(dirname(request.destination), { recursive: true });
    const temp = tempPathFor(request.destination);
    try {
      const algorithms = neededAlgorithms(request);
      const digest = request.url.startsWith("file:")
        ? await copyLocal(request.url, temp, algorithms)
        : await this.fetchRemote(request.url, temp, algorithms);
      verify(request, digest);
      await commitTemp(temp, request.destination);
      return { path: request.destination, sha256: digest.hashes.sha256 as string, size: digest.size };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private fetchRemote(url: string, temp: string, algorithms: string[]): Promise<Digest> {
    return this.http.request(url, {}, async (response) => {
      if (response.status !== 200) {
        await response.body.dump();
        throw httpStatusError(response);
      }
      const announced = response.headers["content-length"];
      const digest = await streamToFile(response.body, temp, algorithms, url);
      if (announced !== undefined && Number(announced) !== digest.size) {
        throw new AccelError("download-truncated", `Download of ${redactUrl(url)} stopped after ${digest.size} of ${announced} bytes`);
      }
      return digest;
    });
  }
}

/**
 * Checks a file already on disk against the same rules as a download
 * (announced size, index hash, user hashes); throws the same errors.
 */
export async function verifyFile(path: string, request: Omit<DownloadRequest, "destination">): Promise<DownloadResult> {
  const algorithms = neededAlgorithms({ ...request, destination: path });
  const hashers = new Map<string, Hash>(algorithms.map((name) => [name, createHash(name)]));
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    size += (chunk as Buffer).length;
    for (const hasher of hashers.values()) hasher.update(chunk as Buffer);
  }
  const hashes: Record<string, string> = {};
  for (const [name, hasher] of hashers) hashes[name] = hasher.digest("hex");
  verify({ ...request, destination: path }, { size, hashes });
  return { path, sha256: hashes.sha256 as string, size };
}

interface Digest {
  size: number;
  hashes: Record<string, string>;
}

function neededAlgorithms(request: DownloadRequest): string[] {
  const names = new Set(["sha256", ...Object.keys(request.userHashes ?? {})]);
  if (request.indexHash) names.add(request.indexHash[0]);
  return [...names];
}

async function streamToFile(source: Readable, path: string, algorithms: string[], url: string): Promise<Digest> {
  const hashers = new Map<string, Hash>(algorithms.map((name) => [name, createHash(name)]));
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      for (const hasher of hashers.values()) hasher.update(chunk);
      callback(null, chunk);
    },
  });
  const out = createWriteStream(path);
  try {
    await pipeline(source, meter, out);
  } catch (error) {
    // The file may still be opening when the body fails: wait for the stream to close, so that
    // the caller's removal of the temporary file comes after its creation (no leftover).
    if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()));
    throw new AccelError("download-truncated", `Download of ${redactUrl(url)} interrupted after ${size} bytes: ${redactText(String((error as Error).message ?? error))}`, { cause: error });
  }
  const hashes: Record<string, string> = {};
  for (const [name, hasher] of hashers) hashes[name] = hasher.digest("hex");
  return { size, hashes };
}

async function copyLocal(url: string, temp: string, algorithms: string[]): Promise<Digest> {
  const path = fileURLToPath(url);
  await stat(path);
  return streamToFile(createReadStream(path), temp, algorithms, url);
}

function verify(request: DownloadRequest, digest: Digest): void {
  const filename = basename(request.destination);
  const displayUrl = redactUrl(request.url);
  if (request.size != null && request.size !== digest.size) {
    throw new AccelError("download-size-mismatch", `${filename} from ${displayUrl} has ${digest.size} bytes, the index announced ${request.size}`, {
      hint: "The file was not kept.",
    });
  }
  if (request.indexHash) {
    const [name, expected] = request.indexHash;
    if (digest.hashes[name] !== expected.toLowerCase()) throw new HashMismatchError(filename, displayUrl, name, [expected], digest.hashes[name] as string);
  }
  for (const [name, allowed] of Object.entries(request.userHashes ?? {})) {
    if (allowed.length === 0) continue;
    if (!allowed.map((value) => value.toLowerCase()).includes(digest.hashes[name] as string)) {
      throw new HashMismatchError(filename, displayUrl, name, allowed, digest.hashes[name] as string);
    }
  }
}

function asDownloadError(error: unknown, request: DownloadRequest): unknown {
  if (isAccelError(error)) return error;
  const message = redactText(error instanceof Error ? error.message : String(error));
  return new AccelError("download-failed", `Could not download ${redactUrl(request.url)}: ${message}`, { cause: error });
}

/** A file fetched ahead (staged) that still passes the download's checks, else null (a damaged one is removed). */
export async function stagedFile(staged: string, request: Omit<DownloadRequest, "destination">): Promise<DownloadResult | null> {
  if (!existsSync(staged)) return null;
  try {
    return await verifyFile(staged, request);
  } catch {
    await rm(staged, { force: true });
    return null;
  }
}

/** Moves a staged file that still passes the download's checks to `destination`; null when there is none (fetch it). */
export async function adoptStaged(staged: string, destination: string, request: Omit<DownloadRequest, "destination">): Promise<DownloadResult | null> {
  const found = await stagedFile(staged, request);
  if (found === null) return null;
  try {
    await rename(staged, destination);
  } catch {
    return null; // gone meanwhile (another run adopted or discarded it)
  }
  return { ...found, path: destination };
}

/** Removes files (missing ones are fine). */
export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true })));
}
