/**
 * The generated 200-project graph with deep backtracking (see resolver-bench.ts):
 * chain projects c0..c149 with versions 1..8, `cI` at version v requires
 * `c(I+1)>=v` and two helpers; the last chain project exists only at 1.
 */
import type { MemoryIndex, MemoryRelease } from "../src/resolver/memory-source.js";

export function generateIndex(chain = 150, helpers = 50, versions = 8): MemoryIndex {
  const index: Record<string, Record<string, MemoryRelease>> = {};
  for (let i = 0; i < chain; i++) {
    index[`c${i}`] = {};
    const top = i === chain - 1 ? 1 : versions;
    for (let v = 1; v <= top; v++) {
      const deps = i === chain - 1 ? [] : [`c${i + 1}>=${v}`];
      deps.push(`h${i % helpers}>=1`, `h${(i * 7 + 3) % helpers}`);
      index[`c${i}`]![`${v}.0`] = { requires_dist: deps };
    }
  }
  for (let h = 0; h < helpers; h++) {
    index[`h${h}`] = {};
    for (let v = 1; v <= 5; v++) index[`h${h}`]![`${v}.0`] = { requires_dist: h + 1 < helpers ? [`h${h + 1}<=${v + 2}`] : [] };
  }
  return index;
}
