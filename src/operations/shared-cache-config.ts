/**
 * Whether a shared binary cache is configured (`PIP_ACCEL_S3_BUCKET` or
 * pip-accel.conf `s3-bucket`), read without loading any S3 or HTTP code:
 * the client (shared-cache.ts) is imported on the first lookup, so runs
 * without a bucket start as fast as before.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import type { SharedBinaryCache } from "../builder/shared-cache.js";
import { loadAccelConfig } from "../config/accel-config.js";
import { s3Settings, type S3Settings } from "../s3/settings.js";
import type { S3BinaryCache } from "./shared-cache.js";

export interface ClosableSharedCache extends SharedBinaryCache {
  /** Releases the store's connections (when it was used). */
  close(): Promise<void>;
}

/** The configured S3 settings, or null (no bucket). */
export function configuredS3(env: Record<string, string | undefined>): S3Settings | null {
  const config = loadAccelConfig({ env, home: env.HOME ?? homedir(), readFile: (p) => (existsSync(p) ? readFileSync(p, "utf8") : null) });
  return s3Settings(config);
}

/** Opens the configured store on first use. */
export async function openSharedCache(settings: S3Settings, env: Record<string, string | undefined>, warn: (message: string) => void): Promise<{ cache: S3BinaryCache; close: () => Promise<void> }> {
  const { openS3BinaryCache } = await import("./shared-cache.js");
  return openS3BinaryCache(settings, env, warn, tmpdir());
}

const shared = new Map<string, ClosableSharedCache>();

/**
 * The shared cache for the builder, or null when none is configured. One
 * per store and process: every builder of a run shares its connections and
 * its "store is down" state, so a fault is one warning.
 */
export function sharedCacheFor(env: Record<string, string | undefined>, warn: (message: string) => void): ClosableSharedCache | null {
  const settings = configuredS3(env);
  if (settings === null) return null;
  const id = JSON.stringify([settings, env.AWS_ACCESS_KEY_ID, env.AWS_PROFILE, env.AWS_SECRET_ACCESS_KEY === undefined]);
  const known = shared.get(id);
  if (known !== undefined) return known;
  let opened: Promise<{ cache: S3BinaryCache; close: () => Promise<void> }> | null = null;
  const open = () => (opened ??= openSharedCache(settings, env, warn));
  const cache: ClosableSharedCache = {
    fetch: async (key, local) => (await open()).cache.fetch(key, local),
    upload: async (entry) => (await open()).cache.upload(entry),
    close: async () => {
      shared.delete(id);
      const was = opened;
      opened = null;
      if (was !== null) await (await was).close();
    },
  };
  shared.set(id, cache);
  return cache;
}
