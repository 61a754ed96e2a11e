/**
 * The 200-project backtracking graph of `resolver-bench.ts`, resolved
 * through the index-backed sources against the local index server: every
 * release is a wheel (half with PEP 658 `.metadata`, half read through
 * Range requests). One cold run fills a temporary cache; then warm runs
 * (pages and metadata cached) offline (zero requests) and online (pages
 * revalidated with conditional requests).
 *
 *     npx tsc -p . && node dist/scripts/resolve-index-bench.js
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startIndexServer } from "../test/kit/index-server.js";
import { servedProjects } from "../test/resolver/http-index.js";
import { resolve } from "../src/resolver/lib.js";
import type { MemoryIndex, MemoryRelease } from "../src/resolver/memory-source.js";
import { generateIndex } from "./resolver-bench-graph.js";

function asWheels(index: MemoryIndex): MemoryIndex {
  const out: Record<string, Record<string, MemoryRelease>> = {};
  for (const [name, releases] of Object.entries(index)) {
    out[name] = Object.fromEntries(Object.entries(releases).map(([v, r]) => [v, { ...r, sdist: false, wheel_tags: ["py3-none-any"] }]));
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pip-accel-resolve-bench-"));
  try {
    const t0 = performance.now();
    const server = await startIndexServer({ projects: servedProjects(asWheels(generateIndex()), join(dir, "files")) });
    const built = performance.now() - t0;
    const env = { markers: { python_version: "3.11", python_full_version: "3.11.4", sys_platform: "linux" }, tags: ["py3-none-any"] };
    const run = async (offline: boolean) => {
      server.clearLog();
      const start = performance.now();
      const result = await resolve(["c0"], { environment: env, indexUrls: [server.simpleUrl], cacheDir: join(dir, "cache"), offline });
      return { ms: performance.now() - start, requests: server.requests.length, result };
    };
    const cold = await run(false);
    const offline: number[] = [];
    const online: number[] = [];
    let offlineRequests = 0;
    let onlineRequests = 0;
    for (let i = 0; i < 5; i++) {
      const a = await run(true);
      offline.push(a.ms);
      offlineRequests = a.requests;
      const b = await run(false);
      online.push(b.ms);
      onlineRequests = b.requests;
    }
    offline.sort((a, b) => a - b);
    online.sort((a, b) => a - b);
    const pins = cold.result.pins.length;
    const c0 = cold.result.pins.find((p) => p.name === "c0")!.version;
    process.stdout.write([
      `index: ${Object.keys(generateIndex()).length} projects served as wheels (built in ${built.toFixed(0)} ms)`,
      `cold cache: ${cold.ms.toFixed(0)} ms, ${cold.requests} requests, ${pins} pins, c0==${c0}, ${cold.result.stats.metadataFetched.length} metadata fetches`,
      `warm cache, --offline: median ${offline[2]!.toFixed(0)} ms, best ${offline[0]!.toFixed(0)} ms, ${offlineRequests} requests`,
      `warm cache, online (pages revalidated): median ${online[2]!.toFixed(0)} ms, best ${online[0]!.toFixed(0)} ms, ${onlineRequests} requests`,
      "",
    ].join("\n"));
    await server.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
