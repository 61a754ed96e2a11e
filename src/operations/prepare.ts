/**
 * Prepare: turn every plan item into a store entry, behind the caches.
 * - `fromCache`: the store has it; nothing is read but its manifest.
 * - `toFetch`: the wheel is fetched into the source index (or found there)
 *   and unpacked once.
 * - `toBuild`: the sdist is fetched the same way and handed to the
 *   `SdistBuilder` (binary cache); the built binary (or wheel) is unpacked once.
 * Items run in parallel (`jobs` at a time). After each, a pin record is
 * written so the next install of the same pins needs no index. When one
 * item fails no further item is started, the ones under way are waited
 * for, and the first error is thrown: every cache write is atomic, so
 * nothing is left half-written, and nothing has been installed yet.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Store, StoreEntry } from "../installer/index.js";
import { getFirst, getAll, parseCoreMetadata } from "../metadata/core-metadata.js";
import { AccelError } from "../report/errors.js";
import type { PinRecords } from "./pin-records.js";
import type { Plan, PlanItem } from "./plan.js";

/** What operations needs from the builder (src/builder's `Builder.build`). */
export interface SdistBuilder {
  build(sdistPath: string): Promise<{ path: string; kind: "binary" | "wheel"; sha256: string }>;
  /** An editable wheel (PEP 660) of the project in `sourceDir`, built in place; never cached. */
  buildEditable?(sourceDir: string, name: string): Promise<{ path: string; sha256: string; cleanup(): void }>;
  /** Releases connections (the shared cache's). */
  close?(): Promise<void>;
}

export interface PrepareReporter {
  onPrepareStart?(item: { name: string; version: string; action: "link" | "fetch" | "build" }): void;
  onPrepared?(item: { name: string; version: string; unpacked: boolean }): void;
}

export interface PrepareContext {
  store: Store;
  /** The pin's file on local disk (checked against its hashes). */
  fetch: (item: PlanItem) => Promise<{ path: string; sha256: string }>;
  pinRecords: PinRecords;
  /** The sdist builder, asked for on the first sdist; null when there is none. */
  builder: () => Promise<SdistBuilder | null>;
  jobs?: number;
  reporter?: PrepareReporter;
}

/** Store entries for every item to install, by project name. */
export async function preparePlan(plan: Plan, context: PrepareContext): Promise<Map<string, StoreEntry>> {
  const work: Array<[PlanItem, "link" | "fetch" | "build"]> = [
    ...plan.fromCache.map((i) => [i, "link"] as [PlanItem, "link"]),
    ...plan.toFetch.map((i) => [i, "fetch"] as [PlanItem, "fetch"]),
    ...plan.toBuild.map((i) => [i, "build"] as [PlanItem, "build"]),
  ];
  const entries = new Map<string, StoreEntry>();
  let next = 0;
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < work.length && failures.length === 0) {
      const [item, action] = work[next++]!;
      context.reporter?.onPrepareStart?.({ name: item.pin.name, version: item.pin.version, action });
      try {
        const entry = await prepareItem(item, action, context);
        entries.set(item.pin.name, entry);
        context.reporter?.onPrepared?.({ name: item.pin.name, version: item.pin.version, unpacked: entry.unpacked });
      } catch (error) {
        failures.push(error);
      }
    }
  };
  const jobs = Math.max(1, Math.min(context.jobs ?? 4, work.length));
  await Promise.all(Array.from({ length: jobs }, worker));
  if (failures.length > 0) throw failures[0];
  return entries;
}

async function prepareItem(item: PlanItem, action: "link" | "fetch" | "build", context: PrepareContext): Promise<StoreEntry> {
  const file = item.pin.file!;
  if (action === "link" && item.storeKey !== null) {
    const entry = context.store.get(item.storeKey);
    if (entry !== null) return entry;
  }
  const reference = file.reference;
  if (reference?.editable === true) return prepareEditable(item, reference.sourceDir, context);
  const fetched = await context.fetch(item);
  const { unpackWheel, unpackBinaryArchive } = await unpackers();
  let entry: StoreEntry;
  if (file.isWheel) {
    entry = await unpackWheel(fetched.path, context.store, { sha256: fetched.sha256, expectedName: item.pin.name });
  } else {
    const builder = await context.builder();
    if (builder === null) {
      throw new AccelError("build-unavailable", `${file.filename} is a source distribution and no builder is configured`, {
        hint: "Provide a wheel for it (--find-links), or use a pip-accel build with the builder enabled.",
      });
    }
    const built = await builder.build(fetched.path);
    entry = built.kind === "wheel"
      ? await unpackWheel(built.path, context.store, { sha256: built.sha256, expectedName: item.pin.name })
      : await unpackBinaryArchive(built.path, context.store, { sha256: built.sha256 });
  }
  // A source tree's archive name says nothing about its content: it is not a pin to serve again by name.
  if (reference === undefined) recordPin(item, entry, context.pinRecords);
  return entry;
}

/** The archive readers, loaded only when something is not in the store yet (a warm install reads no archive). */
async function unpackers(): Promise<{ unpackWheel: typeof import("../installer/wheel-unpack.js").unpackWheel; unpackBinaryArchive: typeof import("../installer/binary-unpack.js").unpackBinaryArchive }> {
  const [{ unpackWheel }, { unpackBinaryArchive }] = await Promise.all([import("../installer/wheel-unpack.js"), import("../installer/binary-unpack.js")]);
  return { unpackWheel, unpackBinaryArchive };
}

/** `-e`: the backend's editable wheel, built in the working copy and unpacked (the store keeps it by its sha256). */
async function prepareEditable(item: PlanItem, sourceDir: string, context: PrepareContext): Promise<StoreEntry> {
  const builder = await context.builder();
  if (builder?.buildEditable === undefined) {
    throw new AccelError("build-unavailable", `${item.pin.name} is an editable requirement and no builder is configured`, {
      hint: "Install it without -e, or use a pip-accel build with the builder enabled.",
    });
  }
  const wheel = await builder.buildEditable(sourceDir, item.pin.name);
  const { unpackWheel } = await unpackers();
  try {
    return await unpackWheel(wheel.path, context.store, { sha256: wheel.sha256, expectedName: item.pin.name });
  } finally {
    wheel.cleanup();
  }
}

/** Remembers where this pin's files are, with the metadata the resolver needs. */
function recordPin(item: PlanItem, entry: StoreEntry, records: PinRecords): void {
  const file = item.pin.file!;
  let text: string;
  try {
    text = readFileSync(join(entry.dir, entry.manifest.rootScheme, entry.manifest.distInfo, "METADATA"), "utf8");
  } catch {
    return;
  }
  const metadata = parseCoreMetadata(text);
  const tags = file.isWheel ? wheelTags(file.filename) : undefined;
  records.put(item.pin.name, {
    candidate: {
      filename: file.filename, url: file.url, version: item.pin.version, hashes: file.isWheel ? { ...file.hashes, sha256: entry.manifest.archiveSha256 } : { ...file.hashes },
      requiresPython: getFirst(metadata, "Requires-Python"), yanked: false, isWheel: file.isWheel, ...(tags ? { tags } : {}),
    },
    storeKey: entry.manifest.archiveSha256,
    metadata: {
      requiresDist: getAll(metadata, "Requires-Dist"), requiresPython: getFirst(metadata, "Requires-Python"),
      providesExtra: getAll(metadata, "Provides-Extra"),
    },
  });
}

/** Expanded tags of a wheel file name (`py2.py3-none-any` → two tags). */
function wheelTags(filename: string): string[] {
  const parts = filename.slice(0, -4).split("-");
  const [py, abi, plat] = parts.slice(-3) as [string, string, string];
  const out: string[] = [];
  for (const a of py.split(".")) for (const b of abi.split(".")) for (const c of plat.split(".")) out.push(`${a}-${b}-${c}`);
  return out;
}
