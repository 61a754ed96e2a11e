import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Limiter, OnceMap } from "../../src/builder/scheduler.js";

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("OnceMap", () => {
  it("runs work once per key for concurrent callers", async () => {
    const once = new OnceMap<string, number>();
    let runs = 0;
    const work = async (): Promise<number> => { runs++; await tick(5); return 42; };
    assert.deepEqual(await Promise.all([once.run("a", work), once.run("a", work), once.run("b", work)]), [42, 42, 42]);
    assert.equal(runs, 2);
  });
  it("forgets failures so they can be retried", async () => {
    const once = new OnceMap<string, number>();
    await assert.rejects(once.run("a", async () => { throw new Error("boom"); }));
    assert.equal(await once.run("a", async () => 1), 1);
  });
});

describe("Limiter", () => {
  it("never runs more than its limit at once, and runs everything", async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => limiter.use(async () => {
      active++; peak = Math.max(peak, active);
      await tick(3);
      active--; done.push(i);
    })));
    assert.equal(peak, 2);
    assert.equal(limiter.peak, 2);
    assert.equal(done.length, 6);
  });
  it("releases the slot when work throws", async () => {
    const limiter = new Limiter(1);
    await assert.rejects(limiter.use(async () => { throw new Error("x"); }));
    assert.equal(await limiter.use(async () => "ok"), "ok");
  });
  it("rejects a bad limit", () => assert.throws(() => new Limiter(0), RangeError));
});
