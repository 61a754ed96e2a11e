/**
 * Bounds on what an untrusted archive may expand to, shared by every reader
 * (zip wheels and sdists, tar sdists, binary tarballs, build output).
 *
 * - at most `MAX_ARCHIVE_MEMBERS` members (the largest real wheels hold
 *   about 30,000 files);
 * - at most `MAX_UNPACKED_BYTES` in all;
 * - a compression bomb: past `BOMB_FLOOR_BYTES` unpacked, more than
 *   `MAX_EXPANSION` times the archive's size. Real archives of that size
 *   compress 2 to 20 times; only filler (zeros) reaches 200.
 *
 * Readers check as they go (tar streams count bytes as they arrive; the zip
 * reader checks the declared sizes before inflating anything), so a bomb is
 * refused before it fills memory.
 */
import { UnsafeArchiveError } from "./errors.js";

export const MAX_ARCHIVE_MEMBERS = 100_000;
export const MAX_UNPACKED_BYTES = 4 * 1024 ** 3;
export const BOMB_FLOOR_BYTES = 64 * 1024 ** 2;
export const MAX_EXPANSION = 200;

/** Throws when `count` members are more than an archive may hold. */
export function checkMemberCount(label: string, count: number): void {
  if (count > MAX_ARCHIVE_MEMBERS) {
    throw new UnsafeArchiveError(`${label}: ${count} members, more than the ${MAX_ARCHIVE_MEMBERS} an archive may hold`);
  }
}

/** Throws when `unpacked` bytes from an archive of `archiveSize` bytes is too much, or a bomb. */
export function checkExpansion(label: string, unpacked: number, archiveSize: number): void {
  if (unpacked > MAX_UNPACKED_BYTES) {
    throw new UnsafeArchiveError(`${label}: unpacks to more than ${MAX_UNPACKED_BYTES / 1024 ** 3} GiB`);
  }
  if (unpacked > BOMB_FLOOR_BYTES && unpacked > MAX_EXPANSION * Math.max(1, archiveSize)) {
    throw new UnsafeArchiveError(`${label}: a compression bomb (${archiveSize} bytes unpack to more than ${unpacked} bytes)`);
  }
}

/** Counts members and bytes of a streamed archive; each call throws once a bound is passed. */
export class ExpansionMeter {
  private members = 0;
  private bytes = 0;
  constructor(private readonly label: string, private readonly archiveSize: number) {}
  member(): void { checkMemberCount(this.label, ++this.members); }
  data(length: number): void { this.bytes += length; checkExpansion(this.label, this.bytes, this.archiveSize); }
}
