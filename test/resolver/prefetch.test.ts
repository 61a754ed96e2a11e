/**
 * `Provider.prefetch`: the Python provider starts the candidate lists and the
 * best candidate's metadata of every project the core is about to add, all at
 * once, instead of one round trip after another; the answers do not change.
 * A transfer failure while reading metadata stops the resolution with its own
 * error (as pip), where any other failure only makes the candidate unavailable.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "../../src/resolver/lib.js";
import { MemorySource, type MemoryIndex } from "../../src/resolver/memory-source.js";
import type { CandidateInfo, MetadataRequest, MetadataResult } from "../../src/resolver/sources.js";
import { AccelError } from "../../src/report/errors.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

const environment = { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS };

/** A memory index whose every answer takes `ms`, counting how many are in flight at once. */
class SlowSource extends MemorySource {
  inFlight = 0;
  maxInFlight = 0;
  constructor(index: MemoryIndex, private readonly ms: number, private readonly fail: (request: MetadataRequest) => Error | null = () => null) {
    super(index);
  }
  private async slow<T>(answer: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, this.ms));
      return await answer();
    } finally {
      this.inFlight--;
    }
  }
  override listCandidates(name: string): Promise<readonly CandidateInfo[]> {
    return this.slow(() => super.listCandidates(name));
  }
  override getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    return this.slow(async () => {
      const error = this.fail(request);
      if (error !== null) throw error;
      return super.getMetadata(request);
    });
  }
}

const WIDE: MemoryIndex = {
  app: { "1.0": { requires_dist: ["d1", "d2", "d3", "d4", "d5", "d6>=2"] } },
  ...Object.fromEntries(["d1", "d2", "d3", "d4", "d5"].map((d) => [d, { "1.0": {}, "2.0": { requires_dist: ["leaf"] } }])),
  d6: { "1.0": {}, "2.0": {}, "3.0": { requires_dist: ["leaf>=1"] } },
  leaf: { "1.0": {}, "2.0": {} },
};

test("a candidate's dependencies are listed, and their best candidates' metadata read, in parallel; the pins are the same", async () => {
  const source = new SlowSource(WIDE, 15);
  const result = await resolve(["app", "d1"], { environment, candidateSource: source, metadataSource: source });
  const pins = Object.fromEntries(result.pins.map((p) => [p.name, p.version]));
  assert.deepEqual(pins, { app: "1.0", d1: "2.0", d2: "2.0", d3: "2.0", d4: "2.0", d5: "2.0", d6: "3.0", leaf: "2.0" });
  assert.ok(source.maxInFlight >= 6, `at most ${source.maxInFlight} requests were in flight at once`);
  // Every list and metadata request is one the resolution needs: the best candidates were the ones pinned.
  assert.deepEqual([...source.metadataRequests].sort(), ["app 1.0", "d1 2.0", "d2 2.0", "d3 2.0", "d4 2.0", "d5 2.0", "d6 3.0", "leaf 2.0"]);
  assert.deepEqual([...new Set(source.listed)].sort(), ["app", "d1", "d2", "d3", "d4", "d5", "d6", "leaf"]);
});

test("the same index without delays gives the same pins as with them (prefetching changes no answer)", async () => {
  const slow = new SlowSource(WIDE, 5);
  const fast = new MemorySource(WIDE);
  const a = await resolve(["app"], { environment, candidateSource: slow, metadataSource: slow });
  const b = await resolve(["app"], { environment, candidateSource: fast, metadataSource: fast });
  assert.deepEqual(a.pins.map((p) => `${p.name}==${p.version}`), b.pins.map((p) => `${p.name}==${p.version}`));
});

test("a transfer failure while reading metadata stops the resolution with that error", async () => {
  const source = new SlowSource(WIDE, 1, (r) => (r.name === "d3" ? new AccelError("download-truncated", `the download of ${r.url} was cut off`) : null));
  await assert.rejects(resolve(["app"], { environment, candidateSource: source, metadataSource: source }), (error: unknown) => {
    assert.ok(error instanceof AccelError);
    assert.equal(error.code, "download-truncated");
    assert.match(error.message, /memory:\/\/\/d3\//);
    return true;
  });
});

test("any other metadata failure only makes that candidate unavailable: the next version is tried", async () => {
  const source = new SlowSource(WIDE, 1, (r) => (r.name === "d3" && r.version === "2.0" ? new Error("not a zip file") : null));
  const result = await resolve(["app"], { environment, candidateSource: source, metadataSource: source });
  assert.equal(result.pins.find((p) => p.name === "d3")?.version, "1.0");
});
