/**
 * The one way an untrusted tar (or .tar.gz) in memory is read into members:
 * the `tar` package's parser, every member counted and every byte metered
 * against the archive limits (limits.ts), and a per-header `accept` check
 * that can refuse the archive (throw) or skip a member (return false) before
 * its data is kept. The first failure settles the read.
 */
import type { ReadEntry } from "tar";
import { ExpansionMeter } from "./limits.js";

export interface TarEntry {
  path: string;
  /** The `tar` package's type name: `File`, `Directory`, `SymbolicLink`, `Link`, `FIFO`, ... */
  type: string;
  mode: number;
  linkpath: string;
  data: Buffer;
}

/** A malformed tar stream (as opposed to a refused member); callers wrap it in their own error. */
export class TarParseError extends Error {}

export interface ReadTarOptions {
  strict?: boolean;
  /** Called on each header; throw to refuse the archive, return false to skip the member. */
  accept?: (entry: Omit<TarEntry, "data">) => boolean;
}

/**
 * Every accepted member of `bytes`, in order; rejects with the first refusal, limit or TarParseError.
 * The `tar` package (~15 ms to load) is loaded on first use: a warm install reads no tar.
 */
export async function readTarEntries(bytes: Buffer, label: string, options: ReadTarOptions = {}): Promise<TarEntry[]> {
  const { Parser } = await import("tar");
  const meter = new ExpansionMeter(label, bytes.length);
  return new Promise((resolvePromise, reject) => {
    const entries: TarEntry[] = [];
    let failed: unknown = null;
    const stop = (error: unknown, entry: ReadEntry): void => {
      if (failed === null) { failed = error; reject(error); }
      entry.resume();
    };
    const parser = new Parser({
      strict: options.strict ?? false,
      onReadEntry: (entry: ReadEntry) => {
        if (failed !== null) { entry.resume(); return; }
        const header = { path: entry.path, type: entry.type, mode: entry.mode ?? 0o644, linkpath: entry.linkpath ?? "" };
        try {
          meter.member();
          if (options.accept?.(header) === false) { entry.resume(); return; }
        } catch (error) { stop(error, entry); return; }
        const member: TarEntry = { ...header, data: Buffer.alloc(0) };
        entries.push(member);
        const chunks: Buffer[] = [];
        entry.on("data", (chunk: Buffer) => {
          try { meter.data(chunk.length); chunks.push(chunk); } catch (error) { stop(error, entry); }
        });
        entry.on("end", () => { member.data = Buffer.concat(chunks); });
      },
    });
    parser.on("error", (error: Error) => { if (failed === null) { failed = error; reject(new TarParseError(error.message, { cause: error })); } });
    parser.on("close", () => { if (failed === null) resolvePromise(entries); });
    parser.end(bytes);
  });
}
