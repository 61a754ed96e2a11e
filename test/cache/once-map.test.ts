import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyedLock, OnceMap } from "../../src/cache/once-map.js";

test("OnceMap runs concurrent work for one key once, and again after it settles", async () => {
  const once = new OnceMap<string, number>();
  let runs = 0;
  const work = async () => {
    runs++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return runs;
  };
  const results = await Promise.all([once.run("a", work), once.run("a", work), once.run("b", work)]);
  assert.equal(runs, 2);
  assert.equal(results[0], results[1]);
  assert.equal(once.size, 0);
  await once.run("a", work);
  assert.equal(runs, 3);
});

test("OnceMap forgets failures so a retry runs", async () => {
  const once = new OnceMap<string, number>();
  await assert.rejects(once.run("k", async () => { throw new Error("boom"); }), /boom/);
  assert.equal(await once.run("k", async () => 7), 7);
});

test("KeyedLock serialises sections per key", async () => {
  const lock = new KeyedLock<string>();
  const order: string[] = [];
  const section = (name: string, ms: number) => lock.with("k", async () => {
    order.push(`start ${name}`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    order.push(`end ${name}`);
  });
  await Promise.all([section("1", 10), section("2", 1)]);
  assert.deepEqual(order, ["start 1", "end 1", "start 2", "end 2"]);
});
