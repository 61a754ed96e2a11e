/**
 * How fast can the files of an install be placed? `npm run bench` measures,
 * on the files of a warm install's site-packages, the ways the installer
 * could place them (issue 16): `fs.linkSync` one after another (what
 * `src/installer/link.ts` does), `fs.promises.link` through a bounded pool,
 * and `copyFileSync`/`fs.promises.copyFile` with `COPYFILE_FICLONE` (a
 * copy-on-write clone where the file system has one, else a copy). The
 * directories are made before the clock starts, so only the placing is
 * timed; each strategy gets a fresh destination, and the medians of `runs`
 * rounds are reported.
 */
import { constants, copyFileSync, linkSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { copyFile, link } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

export interface StrategyResult {
  strategy: string;
  /** Median milliseconds for all the files. */
  ms: number;
  /** Median microseconds per file. */
  usPerFile: number;
}

/** Every regular file under `dir`, as paths relative to it. */
function filesUnder(dir: string, root = dir, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, root, out);
    else if (entry.isFile()) out.push(relative(root, path));
  }
  return out;
}

/** Runs `worker` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await worker(items[next++]!);
  });
  await Promise.all(lanes);
}

const POOL = 8;

const STRATEGIES: Record<string, (from: string, to: string, files: readonly string[]) => void | Promise<void>> = {
  "linkSync, one by one": (from, to, files) => {
    for (const f of files) linkSync(join(from, f), join(to, f));
  },
  [`fs.promises.link, pool of ${POOL}`]: (from, to, files) => pool(files, POOL, (f) => link(join(from, f), join(to, f))),
  "copyFileSync FICLONE, one by one": (from, to, files) => {
    for (const f of files) copyFileSync(join(from, f), join(to, f), constants.COPYFILE_FICLONE);
  },
  [`fs.promises.copyFile FICLONE, pool of ${POOL}`]: (from, to, files) =>
    pool(files, POOL, (f) => copyFile(join(from, f), join(to, f), constants.COPYFILE_FICLONE)),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times each strategy placing every file of `source` under `work` (`runs` rounds, interleaved). */
export async function measureLinkStrategies(source: string, work: string, runs: number): Promise<{ files: number; results: StrategyResult[] }> {
  const files = filesUnder(source);
  const dirs = [...new Set(files.map((f) => dirname(f)))];
  const times = new Map<string, number[]>(Object.keys(STRATEGIES).map((k) => [k, []]));
  let round = 0;
  for (let r = 0; r < runs; r++) {
    for (const [name, place] of Object.entries(STRATEGIES)) {
      const to = join(work, `link-strategy-${++round}`);
      for (const d of dirs) mkdirSync(join(to, d), { recursive: true });
      const started = performance.now();
      await place(source, to, files);
      times.get(name)!.push(performance.now() - started);
      rmSync(to, { recursive: true, force: true });
    }
  }
  const results = [...times].map(([strategy, ms]) => ({ strategy, ms: median(ms), usPerFile: (median(ms) * 1000) / Math.max(1, files.length) }));
  return { files: files.length, results };
}
