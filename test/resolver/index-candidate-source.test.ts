/** IndexCandidateSource and IndexMetadataSource over a stand-in index client (no HTTP). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpecifierSet } from "../../src/pep440/index.js";
import { IndexCandidateSource, indexTarget } from "../../src/resolver/index-candidate-source.js";
import { IndexMetadataSource } from "../../src/resolver/index-metadata-source.js";
import type { IndexCandidateLike, IndexClientLike, IndexFindResult, IndexTarget, MetadataStore } from "../../src/resolver/index-port.js";

const environment = { markers: { python_version: "3.11", python_full_version: "3.11.4" }, tags: ["PY3-none-any"] };

function candidate(name: string, version: string, over: Partial<IndexCandidateLike["link"]> = {}): IndexCandidateLike {
  const filename = `${name}-${version}-py3-none-any.whl`;
  return {
    name, version, kind: "wheel", buildTag: null,
    link: { url: `https://x/${filename}`, filename, hashes: { sha256: "ab" }, requiresPython: null, yanked: null, coreMetadata: true, size: null, ...over },
  };
}

class FakeClient implements IndexClientLike<IndexCandidateLike> {
  calls: { project: string; specifier: string | null; upgrade: boolean }[] = [];
  metadataCalls: string[] = [];
  constructor(private readonly local: IndexCandidateLike[], private readonly remote: IndexCandidateLike[], private readonly offline = false) {}
  async findCandidates(project: string, options: { target: IndexTarget; specifier?: SpecifierSet | null; upgrade?: boolean }): Promise<IndexFindResult<IndexCandidateLike>> {
    this.calls.push({ project, specifier: options.specifier?.toString() ?? null, upgrade: options.upgrade ?? false });
    const fits = this.local.filter((c) => options.specifier?.contains(c.version) ?? true);
    if (!options.upgrade && fits.length > 0) return { kind: "found", candidates: this.local, from: "source-index" };
    if (this.offline) return { kind: "offline", missing: `${project}${options.specifier?.toString() ?? ""}`, candidates: this.local };
    return { kind: "found", candidates: [...this.local, ...this.remote], from: "network" };
  }
  async download(): Promise<{ path: string; sha256: string }> {
    throw new Error("no downloads here");
  }
  async fetchMetadata(c: IndexCandidateLike): Promise<string | null> {
    this.metadataCalls.push(c.link.url);
    return `Metadata-Version: 2.1\nName: ${c.name}\nVersion: ${c.version}\nRequires-Dist: dep>=1\n`;
  }
}

test("indexTarget: python version, lower-cased tags, pre-releases, no Requires-Python filtering (the provider explains it)", () => {
  const target = indexTarget(environment, true);
  assert.deepEqual([target.pythonVersion, target.supportedTags, target.ignoreRequiresPython, target.prereleases("x")], [[3, 11, 4], ["py3-none-any"], true, true]);
});

test("offline-first: a local answer is partial; a complete listing asks the indexes once and is reused", async () => {
  const client = new FakeClient([candidate("a", "1.0")], [candidate("a", "2.0")]);
  const source = new IndexCandidateSource(client, { environment });
  const first = await source.listCandidates("A", { specifiers: [">=1"] });
  assert.deepEqual(first.map((c) => c.version), ["1.0"]);
  assert.equal(source.usedPartialLists(), true);
  const all = await source.listCandidates("a", { specifiers: [">=2"], complete: true });
  assert.deepEqual(all.map((c) => c.version), ["1.0", "2.0"]);
  await source.listCandidates("a", { specifiers: [">=3"], complete: true });
  assert.deepEqual(client.calls, [{ project: "a", specifier: ">=1", upgrade: false }, { project: "a", specifier: ">=2", upgrade: true }]);
});

test("a network answer counts as complete; upgrade predicates skip the offline pass per project", async () => {
  const client = new FakeClient([], [candidate("b", "1.0", { yanked: "broken" }), candidate("c", "1.0", { yanked: "" })]);
  const source = new IndexCandidateSource(client, { environment, upgrade: (name) => name === "c" });
  const b = await source.listCandidates("b", { specifiers: [] });
  await source.listCandidates("b", { specifiers: [], complete: true });
  assert.equal(client.calls.length, 1);
  assert.equal(b[0]!.yanked, "broken");
  assert.deepEqual(b[0]!.tags, ["py3-none-any"]);
  await source.listCandidates("c", { specifiers: [] });
  assert.equal(client.calls[1]!.upgrade, true);
  assert.equal(source.usedPartialLists(), false);
});

test("offline answers record what is missing", async () => {
  const source = new IndexCandidateSource(new FakeClient([], [], true), { environment });
  assert.deepEqual(await source.listCandidates("d", { specifiers: [">=2"] }), []);
  assert.deepEqual(source.offlineMissing, ["d>=2"]);
});

test("metadata: PEP 658 first, memoised, remembered in the store on flush and served from it next time", async () => {
  const client = new FakeClient([], [candidate("e", "1.0")]);
  const saved = new Map<string, ReadonlyMap<string, string>>();
  const store: MetadataStore = { load: async (p) => saved.get(p) ?? new Map(), save: async (p, entries) => void saved.set(p, entries) };
  const candidates = new IndexCandidateSource(client, { environment });
  const [info] = await candidates.listCandidates("e");
  const metadata = new IndexMetadataSource({ client, candidates, store });
  const request = { name: "e", version: "1.0", filename: info!.filename, url: info!.url, hashes: {} };
  const [one, two] = await Promise.all([metadata.getMetadata(request), metadata.getMetadata(request)]);
  assert.deepEqual(one, { kind: "ok", requiresDist: ["dep>=1"], requiresPython: null, providesExtra: [], name: "e", version: "1.0" });
  assert.equal(one, two);
  assert.equal(client.metadataCalls.length, 1);
  await metadata.flush();
  assert.ok(saved.get("e")?.get(info!.url)?.includes("Requires-Dist: dep>=1"));
  const again = new IndexMetadataSource({ client, candidates, store });
  assert.deepEqual(await again.getMetadata(request), one);
  assert.equal(again.via.get(info!.url), "cache");
  assert.equal(client.metadataCalls.length, 1);
});

test("metadata for a file no index listed is unavailable, with the reason", async () => {
  const client = new FakeClient([], []);
  const metadata = new IndexMetadataSource({ client, candidates: new IndexCandidateSource(client, { environment }) });
  const result = await metadata.getMetadata({ name: "f", version: "1", filename: "f-1.tar.gz", url: "https://x/f-1.tar.gz", hashes: {} });
  assert.deepEqual(result, { kind: "unavailable", reason: "f-1.tar.gz was not listed by an index" });
});
