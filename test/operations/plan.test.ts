import { test } from "node:test";
import assert from "node:assert/strict";
import { Planner, planInstalls, planIsEmpty } from "../../src/operations/plan.js";
import type { InstalledDistribution } from "../../src/installer/index.js";
import type { ResolvedPin } from "../../src/resolver/lib.js";

function pin(name: string, version: string, extra: Partial<ResolvedPin> = {}): ResolvedPin {
  const isWheel = extra.file?.isWheel ?? true;
  const filename = isWheel ? `${name}-${version}-py3-none-any.whl` : `${name}-${version}.tar.gz`;
  return {
    name, version, extras: [], requested: true, source: "index", requiredHashes: [], reasons: [],
    file: { url: `https://example.invalid/${filename}`, filename, hashes: { sha256: `sha-${name}-${version}` }, isWheel, yanked: false },
    ...extra,
  };
}

function installed(name: string, version: string, directUrl: unknown = null): InstalledDistribution {
  return {
    name, canonicalName: name, version, kind: "dist-info", location: "/site", infoPath: `/site/${name}-${version}.dist-info`,
    metadata: { headers: [], body: "" }, requiresDist: [], providesExtra: [], installer: "pip-accel", requested: true, directUrl,
  };
}

const nothingCached = (): null => null;
const names = (items: readonly { pin: ResolvedPin }[]): string[] => items.map((i) => `${i.pin.name}-${i.pin.version}`);

test("planner sorts pins into satisfied, fromCache, toFetch and toBuild", () => {
  const pins = [
    pin("same", "1.0"), pin("cached", "2.0"), pin("wheel", "3.0"),
    pin("sdist", "4.0", { file: { url: "u", filename: "sdist-4.0.tar.gz", hashes: {}, isWheel: false, yanked: false } }),
  ];
  const plan = new Planner().plan(pins, [installed("same", "1.0")], (file) => (file.filename.startsWith("cached") ? "key" : null));
  assert.deepEqual(plan.satisfied.map((s) => s.pin.name), ["same"]);
  assert.deepEqual(names(plan.fromCache), ["cached-2.0"]);
  assert.equal(plan.fromCache[0]!.storeKey, "key");
  assert.deepEqual(names(plan.toFetch), ["wheel-3.0"]);
  assert.deepEqual(names(plan.toBuild), ["sdist-4.0"]);
  assert.deepEqual(plan.reinstall, []);
  assert.deepEqual(planInstalls(plan).map((i) => i.pin.name), ["cached", "sdist", "wheel"]);
});

const cases: Array<{ title: string; pin: ResolvedPin; installed: InstalledDistribution; options?: ConstructorParameters<typeof Planner>[0]; keeps: boolean; replaces: boolean }> = [
  { title: "same version is kept", pin: pin("a", "1.0"), installed: installed("a", "1.0"), keeps: true, replaces: false },
  { title: "equal versions by PEP 440 are kept (1.0 == 1.0.0)", pin: pin("a", "1.0.0"), installed: installed("a", "1.0"), keeps: true, replaces: false },
  { title: "upgrade replaces", pin: pin("a", "2.0"), installed: installed("a", "1.0"), keeps: false, replaces: true },
  { title: "downgrade replaces", pin: pin("a", "0.9"), installed: installed("a", "1.0"), keeps: false, replaces: true },
  { title: "--force-reinstall replaces the same version", pin: pin("a", "1.0"), installed: installed("a", "1.0"), options: { forceReinstall: true }, keeps: false, replaces: true },
  { title: "-I installs over without replacing", pin: pin("a", "1.0"), installed: installed("a", "1.0"), options: { ignoreInstalled: true }, keeps: false, replaces: false },
  { title: "a kept installed pin stays", pin: pin("a", "1.0", { source: "installed", file: null }), installed: installed("a", "1.0"), keeps: true, replaces: false },
  { title: "an index pin replaces a direct-URL install of the same version", pin: pin("a", "1.0"), installed: installed("a", "1.0", { url: "file:///x.whl" }), keeps: false, replaces: true },
  {
    title: "a direct pin with the installed URL is kept",
    pin: pin("a", "1.0", { source: "direct", file: { url: "file:///x.whl#sha256=ab", filename: "a-1.0-py3-none-any.whl", hashes: {}, isWheel: true, yanked: false } }),
    installed: installed("a", "1.0", { url: "file:///x.whl" }), keeps: true, replaces: false,
  },
];

for (const c of cases) {
  test(`planner: ${c.title}`, () => {
    const plan = new Planner(c.options).plan([c.pin], [c.installed], nothingCached);
    assert.equal(plan.satisfied.length === 1, c.keeps);
    assert.equal(planIsEmpty(plan), c.keeps);
    assert.equal(plan.reinstall.length === 1, c.replaces);
    if (!c.keeps) assert.equal(planInstalls(plan)[0]!.replaces !== null, c.replaces);
  });
}

test("planner refuses a pin with neither file nor installed distribution", () => {
  assert.throws(() => new Planner().plan([pin("a", "1.0", { file: null })], [], nothingCached), /neither a file/);
});
