/**
 * Every link attribute and link form of issue 4, read by `IndexClient`
 * from the local index server (not just parsed): hash fragments of any
 * algorithm, HTML-escaped `data-requires-python`, `data-yanked` with its
 * reason, `data-core-metadata` / legacy `data-dist-info-metadata`, relative
 * links, `<base href>`, legacy `.tar.bz2`/`.tgz` sdists, `.egg` ignored,
 * names matched canonically; and the PEP 691/700 JSON form (size,
 * upload-time, metadata hashes), asked for by `Accept`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../src/cache/cache.js";
import { IndexClient } from "../../src/index/client.js";
import { HttpClient } from "../../src/index/http.js";
import type { Candidate } from "../../src/index/link.js";
import { defaultTarget } from "../../src/index/target.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const md5 = (data: string) => createHash("md5").update(data).digest("hex");
const target = defaultTarget({ pythonVersion: [3, 11, 0], supportedTags: ["py3-none-any"] });
const METADATA = "Metadata-Version: 2.1\nName: pa-demo\nVersion: 1.5\n";

let server: IndexServer;
let root: string;

function page(body: string, head = ""): string {
  return `<!DOCTYPE html>\n<html><head>${head}<title>Links for pa-demo</title></head><body>\n${body}\n</body></html>\n`;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "pa-link-forms-"));
  server = await startIndexServer({
    staticRoot: root,
    projects: {
      "pa-json": [
        { filename: "pa_json-1.0-py3-none-any.whl", data: "wheel", metadata: METADATA, requiresPython: ">=3.8,<4", yanked: "use 1.1", uploadTime: "2024-01-02T03:04:05Z" },
        { filename: "pa_json-1.1.tar.gz", data: "sdist" },
      ],
    },
  });
  const files = join(root, "files");
  mkdirSync(files, { recursive: true });
  for (const name of ["pa_demo-1.0.tar.gz", "pa_demo-1.1.tar.bz2", "pa_demo-1.2.tgz", "PA.Demo-1.3.zip", "pa_demo-1.5-py3-none-any.whl", "pa_demo-1.5-py3-none-any.whl.metadata", "pa_demo-2.0.tar.gz"]) {
    writeFileSync(join(files, name), name.endsWith(".metadata") ? METADATA : `bytes of ${name}`);
  }
  const html = join(root, "html", "pa-demo");
  mkdirSync(html, { recursive: true });
  writeFileSync(join(html, "index.html"), page([
    `<a href="../../files/pa_demo-1.0.tar.gz#sha256=${sha256("bytes of pa_demo-1.0.tar.gz")}" data-requires-python="&gt;=3.8,&lt;4">pa_demo-1.0.tar.gz</a>`,
    `<a href="/static/files/pa_demo-1.1.tar.bz2#md5=${md5("bytes of pa_demo-1.1.tar.bz2")}">legacy bz2</a>`,
    `<a href="${server.url}/static/files/pa_demo-1.2.tgz" data-yanked="bad &amp; broken">legacy tgz, yanked</a>`,
    `<a href="../../files/PA.Demo-1.3.zip">non-canonical name</a>`,
    `<a href="../../files/pa_demo-1.4-py3.11.egg">egg</a>`,
    `<a href="../../files/pa_demo-1.5-py3-none-any.whl" data-dist-info-metadata="sha256=${sha256(METADATA)}">wheel, legacy metadata attribute</a>`,
    `<a href="../../files/other_project-1.0.tar.gz">another project</a>`,
  ].join("<br/>\n")));
  const based = join(root, "based", "pa-demo");
  mkdirSync(based, { recursive: true });
  writeFileSync(join(based, "index.html"), page(
    `<a href="pa_demo-2.0.tar.gz" data-core-metadata="true">relative to base</a>`,
    `<base href="${server.url}/static/files/">`,
  ));
});
after(async () => {
  await server.close();
});

function client(cacheName: string, indexUrl: string) {
  const http = new HttpClient({ retries: 0, netrcPath: null, env: {}, offline: false });
  return { http, client: new IndexClient({ cache: new Cache(join(root, cacheName)), http, indexUrls: [indexUrl] }) };
}

async function candidates(cacheName: string, indexUrl: string, project: string): Promise<{ found: Candidate[]; rejected: string[]; c: ReturnType<typeof client> }> {
  const c = client(cacheName, indexUrl);
  const result = await c.client.findCandidates(project, { target });
  assert.equal(result.kind, "found");
  if (result.kind !== "found") throw new Error("unreachable");
  return { found: result.candidates, rejected: result.rejected.map((r) => `${r.filename}: ${r.reason}`), c };
}

test("HTML: hash fragments, escaped requires-python, yank reasons, metadata attributes, legacy archives, canonical names", async () => {
  const { found, rejected, c } = await candidates("c-html", `${server.url}/static/html/`, "PA_Demo");
  try {
    const byVersion = new Map(found.map((cand) => [cand.version, cand]));
    assert.deepEqual([...byVersion.keys()].sort(), ["1.0", "1.1", "1.2", "1.3", "1.5"]);
    const v10 = byVersion.get("1.0")!;
    assert.equal(v10.link.url, `${server.url}/static/files/pa_demo-1.0.tar.gz`, "relative link resolved, fragment removed");
    assert.deepEqual(v10.link.hashes, { sha256: sha256("bytes of pa_demo-1.0.tar.gz") });
    assert.equal(v10.link.requiresPython, ">=3.8,<4", "HTML entities unescaped");
    assert.deepEqual(byVersion.get("1.1")!.link.hashes, { md5: md5("bytes of pa_demo-1.1.tar.bz2") });
    assert.equal(byVersion.get("1.1")!.kind, "sdist");
    assert.equal(byVersion.get("1.2")!.link.yanked, "bad & broken");
    assert.equal(byVersion.get("1.0")!.link.yanked, null);
    assert.equal(byVersion.get("1.3")!.name, "pa-demo");
    const wheel = byVersion.get("1.5")!;
    assert.equal(wheel.kind, "wheel");
    assert.deepEqual(wheel.link.coreMetadata, { sha256: sha256(METADATA) });
    assert.equal(await c.client.fetchMetadata(wheel), METADATA, "the announced .metadata file is fetched and its hash checked");
    // As pip's LinkEvaluator: an .egg is an unsupported archive; another project's sdist has no version for this one.
    assert.deepEqual(rejected.sort(), ["other_project-1.0.tar.gz: missing-version", "pa_demo-1.4-py3.11.egg: unsupported-archive"]);
    for (const cand of [v10, byVersion.get("1.1")!]) {
      const got = await c.client.download(cand);
      assert.ok(existsSync(got.path), `${cand.link.filename} downloaded and checked against its ${Object.keys(cand.link.hashes)[0]} fragment`);
    }
  } finally {
    await c.http.close();
  }
});

test("HTML: <base href> decides where relative links point; data-core-metadata=true", async () => {
  const { found, c } = await candidates("c-base", `${server.url}/static/based/`, "pa-demo");
  try {
    assert.equal(found.length, 1);
    assert.equal(found[0]!.link.url, `${server.url}/static/files/pa_demo-2.0.tar.gz`);
    assert.equal(found[0]!.link.coreMetadata, true);
  } finally {
    await c.http.close();
  }
});

test("JSON (PEP 691/700) by Accept: hashes, size, upload-time, requires-python, yank reason, metadata hashes", async () => {
  server.clearLog();
  const { found, c } = await candidates("c-json", server.simpleUrl, "pa-json");
  try {
    const pageRequest = server.requests.find((r) => r.path === "/simple/pa-json/")!;
    assert.match(String(pageRequest.headers.accept), /^application\/vnd\.pypi\.simple\.v1\+json/);
    const wheel = found.find((cand) => cand.kind === "wheel")!;
    assert.deepEqual(wheel.link.hashes, { sha256: sha256("wheel") });
    assert.equal(wheel.link.size, 5);
    assert.equal(wheel.link.requiresPython, ">=3.8,<4");
    assert.equal(wheel.link.yanked, "use 1.1");
    assert.deepEqual(wheel.link.coreMetadata, { sha256: sha256(METADATA) });
    assert.equal(wheel.link.uploadTime, "2024-01-02T03:04:05Z");
    const sdist = found.find((cand) => cand.kind === "sdist")!;
    assert.equal(sdist.link.coreMetadata, false);
    assert.equal(sdist.link.yanked, null);
  } finally {
    await c.http.close();
  }
});
