/**
 * The seam for a binary cache shared between machines (operations gives
 * the S3 one, operations/shared-cache.ts). The builder asks it after a
 * local miss and before building, and hands it each binary it built.
 * Implementations never throw: a store that is down, slow or refuses us
 * is a miss (and one warning), never a failed install.
 */
import type { BinaryCache, CachedBinary } from "./binary-cache.js";
import type { BinaryKey } from "./binary-key.js";

export interface SharedBinaryCache {
  /** `key`'s binary downloaded into `local` after its sha256 and size were checked against the shared manifest; null on a miss or any fault. */
  fetch(key: BinaryKey, local: BinaryCache): Promise<CachedBinary | null>;
  /** Shares an entry this machine built (nothing when read-only). */
  upload(entry: CachedBinary): Promise<void>;
  /** Releases connections (the builder's `close`). */
  close?(): Promise<void>;
}
