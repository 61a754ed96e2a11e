/**
 * Resolver benchmark: a generated graph of 200 projects with deep
 * backtracking, resolved from an in-memory ("warm cache") source.
 *
 *     npx tsc -p . && node dist/scripts/resolver-bench.js
 *
 * Shape: chain projects c0..c149, each with versions 1..8, where `cI` at
 * version v requires `c(I+1)>=v` and two helpers; the last chain project
 * only exists at version 1, so every chain pin has to come down from 8 to 1,
 * discovered from the bottom of a 150-deep chain. 50 helper projects with 5
 * versions each are shared by the chain. Prints the figures; asserts nothing.
 */
import { resolve } from "../src/resolver/lib.js";
import { MemorySource } from "../src/resolver/memory-source.js";
import { generateIndex } from "./resolver-bench-graph.js";

async function main(): Promise<void> {
  const index = generateIndex();
  const env = { markers: { python_version: "3.11", python_full_version: "3.11.4", sys_platform: "linux" }, tags: ["py3-none-any"] };
  const timings: number[] = [];
  let summary = "";
  for (let run = 0; run < 5; run++) {
    const source = new MemorySource(index);
    let backtracks = 0;
    const start = performance.now();
    const result = await resolve(["c0"], { environment: env, candidateSource: source, metadataSource: source, reporter: { onBacktrack: () => { backtracks++; } } });
    timings.push(performance.now() - start);
    const c0 = result.pins.find((p) => p.name === "c0")!;
    summary = `${Object.keys(index).length} projects, ${result.pins.length} pins, c0==${c0.version}, ${result.stats.rounds} rounds, ${backtracks} backtracks, ${source.metadataRequests.length} metadata fetches`;
  }
  timings.sort((a, b) => a - b);
  process.stdout.write(`${summary}\nresolve time: median ${timings[2]!.toFixed(0)} ms, best ${timings[0]!.toFixed(0)} ms (5 runs, in-memory source)\n`);
}

await main();
