/**
 * Preparing ahead: while the resolver still works, the wheel of each project's
 * first tentative pin is fetched ahead (`IndexSources.downloadAhead`, into the
 * source index's staging folder) and unpacked into the store on a worker thread
 * (installer/unpack-thread.ts; in-thread where the build has no worker), one
 * wheel at a time, while the main thread goes on resolving. Preparing the plan
 * then waits for what was started for its file and finds the work done. The
 * worker starts with the first wheel to unpack: a warm install starts none.
 *
 * It only fills caches keyed by content (the store) or kept out of the index
 * (the staging folder, emptied when the session closes), so a pin the resolver
 * drops later costs work, not correctness: a dropped version never becomes a
 * local candidate. Failures are dropped here; the plan's own fetch and unpack
 * do the same work again and report them.
 */
import type { Store } from "../installer/index.js";
import type { UnpackThread } from "../installer/unpack-thread.js";
import { Limiter } from "../index/limiter.js";
import type { ResolvedPin } from "../resolver/lib.js";

type FetchedFile = { path: string; sha256: string };

export interface PrepareAheadContext {
  store: Store;
  /** True when the store already holds the pin's file (nothing to do). */
  inStore(pin: ResolvedPin): boolean;
  /** The pin's file fetched ahead (`IndexSources.downloadAhead`). */
  fetchAhead(pin: ResolvedPin): Promise<FetchedFile>;
  /** Fetches at a time (4). */
  jobs?: number;
}

export class PrepareAhead {
  private readonly started = new Map<string, Promise<void>>();
  private readonly kept = new Map<string, Promise<FetchedFile>>();
  private readonly projects = new Set<string>();
  private unpacking: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** The unpack worker: undefined until the first unpack, null where the build has none. */
  private thread: UnpackThread | null | undefined = undefined;

  private readonly fetches: Limiter;

  constructor(private readonly context: PrepareAheadContext) {
    this.fetches = new Limiter(context.jobs ?? 4);
  }

  /** The resolver pinned `pin` (`ResolveOptions.onTentativePin`); it may still drop it. */
  readonly onPin = (pin: ResolvedPin): void => {
    const file = pin.file;
    if (this.stopped || file === null || !file.isWheel || file.reference !== undefined || !/^https?:/i.test(file.url)) return;
    if (this.projects.has(pin.name)) return; // a project's later pins follow a backtrack: not worth a guess
    this.projects.add(pin.name);
    if (this.started.has(file.url) || this.context.inStore(pin)) return;
    this.started.set(file.url, this.prepare(pin));
  };

  /**
   * The resolution's final pins. Each file fetched ahead is, once its work is done,
   * fetched again through `fetch`, which adopts the staged copy into the source index:
   * every archive an install uses lands there, also when the plan takes it from the store.
   */
  keep(pins: readonly ResolvedPin[], fetch: (pin: ResolvedPin) => Promise<FetchedFile>): void {
    for (const pin of pins) {
      const work = pin.file === null ? undefined : this.started.get(pin.file.url);
      if (work === undefined || this.kept.has(pin.file!.url)) continue;
      const kept = work.then(() => fetch(pin));
      kept.catch(() => {}); // reported by whoever awaits `fetched` (a plan item that needs the file)
      this.kept.set(pin.file!.url, kept);
    }
  }

  /** The file `keep` fetched for this URL, if it did (so it is not fetched twice). */
  fetched(url: string): Promise<FetchedFile> | undefined {
    return this.kept.get(url);
  }

  /** Starts nothing more and waits for what is under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.started.values());
    await Promise.allSettled(this.kept.values());
    await this.thread?.close();
  }

  private async prepare(pin: ResolvedPin): Promise<void> {
    try {
      const fetched = await this.fetches.run(() => this.context.fetchAhead(pin));
      const unpack = this.unpacking.then(async () => {
        if (this.stopped) return;
        // Loaded with the first wheel to fetch: a warm install has none.
        const thread = this.thread === undefined ? (this.thread = (await import("../installer/unpack-thread.js")).UnpackThread.start(this.context.store)) : this.thread;
        if (thread !== null) await thread.unpack(fetched.path, fetched.sha256, pin.name);
        else await (await import("../installer/wheel-unpack.js")).unpackWheel(fetched.path, this.context.store, { sha256: fetched.sha256, expectedName: pin.name });
      });
      this.unpacking = unpack.catch(() => {});
      await unpack;
    } catch {
      // Dropped: the plan's own fetch and unpack run again and report it.
    }
  }
}
