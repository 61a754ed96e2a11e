import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveWith } from "../../src/resolver/core.js";
import { ResolutionImpossible, ResolutionTooDeep } from "../../src/resolver/errors.js";
import { ToyProvider, toyRequirement, type ToyIndex } from "./toy-provider.js";

async function pins(index: ToyIndex, requested: string[]): Promise<Record<string, number>> {
  const result = await resolveWith(new ToyProvider(index), requested.map(toyRequirement));
  return Object.fromEntries([...result.mapping].map(([k, v]) => [k, v.version]));
}

test("picks the highest versions when nothing conflicts", async () => {
  assert.deepEqual(await pins({ a: { 1: [], 2: ["b"] }, b: { 1: [], 3: [] } }, ["a"]), { a: 2, b: 3 });
});

test("backtracks to an older parent when the newest one conflicts", async () => {
  const index: ToyIndex = { a: { 1: ["c<2"], 2: ["c>=2"] }, b: { 1: ["c<2"] }, c: { 1: [], 2: [] } };
  assert.deepEqual(await pins(index, ["a", "b"]), { a: 1, b: 1, c: 1 });
});

test("backjumps over unrelated pins", async () => {
  const index: ToyIndex = {
    a: { 1: ["x==1"], 2: ["x==2"] },
    u: { 1: [], 2: [], 3: [] },
    w: { 1: ["x==1", "u"] },
    x: { 1: [], 2: [] },
  };
  assert.deepEqual(await pins(index, ["a", "w", "u"]), { a: 1, u: 3, w: 1, x: 1 });
});

test("a conflict between requested requirements is impossible, with causes", async () => {
  const provider = new ToyProvider({ a: { 1: [], 2: [] } });
  const error = await resolveWith(provider, [toyRequirement("a>=2"), toyRequirement("a<2")]).catch((e: unknown) => e);
  assert.ok(error instanceof ResolutionImpossible);
  assert.deepEqual(error.causes.map((c) => `${c.requirement.name}${c.requirement.op}${c.requirement.version}`), ["a>=2", "a<2"]);
});

test("an unsatisfiable dependency chain records every rejected attempt", async () => {
  const index: ToyIndex = { a: { 1: ["b>=2"], 2: ["b>=3"] }, b: { 1: [] } };
  const error = await resolveWith(new ToyProvider(index), [toyRequirement("a")]).catch((e: unknown) => e);
  assert.ok(error instanceof ResolutionImpossible);
  assert.deepEqual(error.attempts.get("a")!.map((x) => `${x.candidate.version}:${x.kind}`), ["2:conflict", "1:conflict"]);
});

test("dependencies of candidates never tried are not fetched", async () => {
  const provider = new ToyProvider({ a: { 1: ["b"], 2: ["b"], 3: ["b"] }, b: { 1: [] } });
  await resolveWith(provider, [toyRequirement("a")]);
  assert.deepEqual(provider.dependencyCalls.sort(), ["a3", "b1"]);
});

test("an earlier pin invalidated by a later requirement is re-pinned", async () => {
  // a (2 candidates) is pinned before b (3 candidates) at 2; b then requires a<2, so a is re-pinned.
  const provider = new ToyProvider({ a: { 1: [], 2: [] }, b: { 1: ["a<2"], 2: ["a<2"], 3: ["a<2"] } });
  const result = await resolveWith(provider, [toyRequirement("a"), toyRequirement("b")]);
  assert.deepEqual(Object.fromEntries([...result.mapping].map(([k, v]) => [k, v.version])), { b: 3, a: 1 });
  assert.deepEqual(provider.dependencyCalls, ["a2", "b3", "a1"]);
});

test("the graph only contains reachable pins and parent edges", async () => {
  const result = await resolveWith(new ToyProvider({ a: { 1: ["b"] }, b: { 1: [] } }), [toyRequirement("a")]);
  assert.deepEqual(result.edges.map((e) => `${e.from}->${e.to}`), ["null->a", "a->b"]);
});

test("the round limit ends in ResolutionTooDeep", async () => {
  const index: ToyIndex = { a: { 1: ["b"] }, b: { 1: [] } };
  await assert.rejects(resolveWith(new ToyProvider(index), [toyRequirement("a")], { maxRounds: 1 }), ResolutionTooDeep);
});

test("hard case: deep backtracking through a ladder of versions", async () => {
  // Each level i (0..9) has versions 1..5; version v of level i needs level i+1 == v, and the last
  // level only exists at version 1, so every level must end at 1 after backtracking.
  const index: ToyIndex = {};
  for (let i = 0; i < 10; i++) {
    index[`l${i}`] = {};
    for (let v = 1; v <= 5; v++) index[`l${i}`]![v] = [`l${i + 1}==${v}`];
  }
  index["l10"] = { 1: [] };
  const result = await pins(index, ["l0"]);
  assert.equal(result["l0"], 1);
  assert.equal(result["l10"], 1);
});

test("remembered incompatibilities: a candidate whose own dependency can never be met is not tried again after a backjump", async () => {
  // p (c==2) and x are pinned first; x3 needs z>=5, which no z meets (a context-free dead end), so x2 is pinned.
  // q needs c==1: the backjump to p unpins x, and only the remembered incompatibility keeps x3 from being tried again.
  const index: ToyIndex = {
    p: { 2: ["c==2"], 1: ["c==1"] },
    c: { 1: [], 2: [] },
    x: { 3: ["z>=5"], 2: [] },
    q: { 3: ["c==1"], 2: ["c==1"], 1: ["c==1"] },
    z: { 1: [] },
  };
  const remembering = new ToyProvider(index);
  const result = await resolveWith(remembering, ["p", "x", "q"].map(toyRequirement));
  assert.deepEqual(Object.fromEntries([...result.mapping].map(([k, v]) => [k, v.version])), { p: 1, c: 1, q: 3, x: 2 });
  class Forgetful extends ToyProvider {
    override matchesAreLocal(): boolean { return false; }
  }
  const forgetful = new Forgetful(index);
  await resolveWith(forgetful, ["p", "x", "q"].map(toyRequirement));
  const tries = (provider: ToyProvider) => provider.dependencyCalls.filter((c) => c === "x3").length;
  assert.equal(tries(remembering), 1);
  assert.equal(tries(forgetful), 2, "without the memory x3 is tried again after the backjump");
});

test("most constrained first: the project with fewer candidates is pinned first", async () => {
  const provider = new ToyProvider({ many: { 1: [], 2: [], 3: [] }, few: { 1: [] } });
  const order: string[] = [];
  await resolveWith(provider, ["many", "few"].map(toyRequirement), { reporter: { onPin: (id: string) => order.push(id) } });
  assert.deepEqual(order, ["few", "many"]);
});
