import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startIndexServer, type IndexServer } from "./index-server.js";
import { negotiateFormat, splitFilename } from "./index-pages.js";
import { fixturePath, tempDir } from "./repo.js";

const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
const PIP_ACCEPT = `${JSON_TYPE}, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01`;
const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");
const SDIST = Buffer.from("pretend this is a gzip tarball\n");
const WHEEL = Buffer.from("0123456789abcdefghij");
const METADATA = "Metadata-Version: 2.1\nName: PA_Demo\nVersion: 1.0\nRequires-Dist: idna\n";

describe("index server", () => {
  let server: IndexServer;
  before(async () => {
    server = await startIndexServer({
      projects: {
        PA_Demo: [
          { filename: "pa_demo-1.0.tar.gz", data: SDIST, requiresPython: ">=3.8,<4", uploadTime: "2024-01-02T03:04:05Z" },
          { filename: "pa_demo-1.0-py3-none-any.whl", data: WHEEL, metadata: METADATA, yanked: "broken <build>" },
          { filename: "pa_demo-0.9.tar.gz", data: "old", yanked: true, omitHash: true },
        ],
        "pa-other": [{ filename: "pa_other-2.0.zip", data: "zip", metadata: "Name: pa-other\n", metadataAdvertise: "true" }],
      },
      extraVersions: { PA_Demo: ["0.1"] },
      staticRoot: fixturePath("indexes"),
    });
  });
  after(() => server.close());
  const get = (p: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(server.url + p, { headers, redirect: "manual" });

  test("root page lists projects in HTML and JSON", async () => {
    const html = await (await get("/simple/")).text();
    assert.match(html, /<a href="pa-demo\/">PA_Demo<\/a>/);
    assert.match(html, /<meta name="pypi:repository-version" content="1.1">/);
    const res = await get("/simple/", { accept: JSON_TYPE });
    assert.equal(res.headers.get("content-type"), JSON_TYPE);
    assert.deepEqual(await res.json(), { meta: { "api-version": "1.1" }, projects: [{ name: "PA_Demo" }, { name: "pa-other" }] });
  });

  test("project page HTML carries hashes, escaped requires-python, yank reasons and metadata", async () => {
    const res = await get("/simple/pa-demo/");
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    assert.ok(html.includes(`href="../../files/pa_demo-1.0.tar.gz#sha256=${sha256(SDIST)}" data-requires-python="&gt;=3.8,&lt;4">`));
    const meta = `sha256=${sha256(METADATA)}`;
    assert.ok(html.includes(`data-yanked="broken &lt;build&gt;" data-core-metadata="${meta}" data-dist-info-metadata="${meta}"`));
    assert.ok(html.includes(`href="../../files/pa_demo-0.9.tar.gz" data-yanked="">`));
  });

  test("project page JSON follows PEP 691 and PEP 700", async () => {
    const res = await get("/simple/pa-demo/", { accept: PIP_ACCEPT });
    assert.equal(res.headers.get("content-type"), JSON_TYPE);
    assert.equal(res.headers.get("vary"), "Accept");
    const body = await res.json() as { name: string; versions: string[]; files: Record<string, unknown>[] };
    assert.equal(body.name, "pa-demo");
    assert.deepEqual(body.versions, ["1.0", "0.9", "0.1"]);
    assert.deepEqual(body.files[0], {
      filename: "pa_demo-1.0.tar.gz", url: "../../files/pa_demo-1.0.tar.gz", hashes: { sha256: sha256(SDIST) },
      size: SDIST.length, "requires-python": ">=3.8,<4", "upload-time": "2024-01-02T03:04:05Z",
    });
    assert.deepEqual(body.files[1]!["core-metadata"], { sha256: sha256(METADATA) });
    assert.equal(body.files[1]!.yanked, "broken <build>");
    assert.deepEqual(body.files[2]!.hashes, {});
    assert.equal(body.files[2]!.yanked, true);
    const other = await (await get("/simple/pa-other/", { accept: JSON_TYPE })).json() as { files: Record<string, unknown>[] };
    assert.equal(other.files[0]!["core-metadata"], true);
  });

  test("explicit v1+html and ?format= are honoured; unacceptable types get 406", async () => {
    const v1 = await get("/simple/pa-demo/", { accept: "application/vnd.pypi.simple.v1+html" });
    assert.equal(v1.headers.get("content-type"), "application/vnd.pypi.simple.v1+html");
    const viaQuery = await get(`/simple/pa-demo/?format=${encodeURIComponent(JSON_TYPE)}`);
    assert.equal(viaQuery.headers.get("content-type"), JSON_TYPE);
    assert.equal((await get("/simple/pa-demo/", { accept: "application/xml" })).status, 406);
  });

  test("non-normalised and slash-less project URLs redirect to the normalised page", async () => {
    for (const [from, to] of [["/simple/PA_Demo/", "/simple/pa-demo/"], ["/simple/pa.demo", "/simple/pa-demo/"], ["/simple/pa-demo", "/simple/pa-demo/"], ["/simple", "/simple/"]]) {
      const res = await get(from!);
      assert.equal(res.status, 301, from);
      assert.equal(res.headers.get("location"), to, from);
    }
    assert.equal((await get("/simple/nothing-here/")).status, 404);
  });

  test("files and .metadata files are served with validators", async () => {
    const res = await get("/files/pa_demo-1.0-py3-none-any.whl");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-length"), String(WHEEL.length));
    assert.equal(res.headers.get("accept-ranges"), "bytes");
    assert.ok(res.headers.get("etag"));
    assert.ok(res.headers.get("last-modified"));
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), WHEEL);
    const meta = await get("/files/pa_demo-1.0-py3-none-any.whl.metadata");
    assert.equal(await meta.text(), METADATA);
    assert.equal((await get("/files/pa_demo-1.0.tar.gz.metadata")).status, 404);
    assert.equal((await fetch(server.fileUrl("pa_demo-1.0.tar.gz"), { method: "HEAD" })).headers.get("content-length"), String(SDIST.length));
  });

  test("If-None-Match and If-Modified-Since give 304, and a new file changes both", async () => {
    const first = await get("/simple/pa-demo/");
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    assert.equal((await get("/simple/pa-demo/", { "if-none-match": etag })).status, 304);
    assert.equal((await get("/simple/pa-demo/", { "if-modified-since": lastModified })).status, 304);
    assert.equal((await get("/files/pa_demo-1.0.tar.gz", { "if-modified-since": new Date().toUTCString() })).status, 304);
    server.addFile("PA_Demo", { filename: "pa_demo-1.1.tar.gz", data: "new" });
    assert.equal((await get("/simple/pa-demo/", { "if-none-match": etag })).status, 200);
    assert.equal((await get("/simple/pa-demo/", { "if-modified-since": lastModified })).status, 200);
    assert.equal(server.removeFile("pa_demo-1.1.tar.gz"), true);
  });

  test("Range requests give 206 slices and 416 when unsatisfiable", async () => {
    const cases: [string, number, string, string][] = [
      ["bytes=0-3", 206, "0123", "bytes 0-3/20"],
      ["bytes=-4", 206, "ghij", "bytes 16-19/20"],
      ["bytes=18-", 206, "ij", "bytes 18-19/20"],
      ["bytes=10-100", 206, "abcdefghij", "bytes 10-19/20"],
      ["bytes=20-", 416, "range not satisfiable\n", "bytes */20"],
    ];
    for (const [range, status, body, contentRange] of cases) {
      const res = await get("/files/pa_demo-1.0-py3-none-any.whl", { range });
      assert.equal(res.status, status, range);
      assert.equal(res.headers.get("content-range"), contentRange, range);
      assert.equal(await res.text(), body, range);
    }
    const stale = await get("/files/pa_demo-1.0-py3-none-any.whl", { range: "bytes=0-3", "if-range": '"stale"' });
    assert.equal(stale.status, 200);
  });

  test("the find-links page links every file of every project", async () => {
    const html = await (await fetch(server.findLinksUrl)).text();
    for (const name of ["pa_demo-1.0.tar.gz", "pa_demo-1.0-py3-none-any.whl", "pa_other-2.0.zip"]) {
      assert.ok(html.includes(`href="../files/${name}`), name);
    }
  });

  test("static pages are served as-is", async () => {
    const res = await get("/static/valueless-yanked/");
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(await res.text(), /data-yanked>valueless/);
    assert.equal((await get("/static/uppercase")).status, 301);
    assert.equal((await get("/static/../package.json")).status, 404);
  });

  test("the request log records method, path, headers and status", async () => {
    server.clearLog();
    await get("/simple/PA_Demo/", { "x-test": "1" });
    await fetch(server.fileUrl("pa_demo-1.0.tar.gz"), { method: "HEAD" });
    assert.deepEqual(server.requests.map((r) => [r.method, r.path, r.status]), [
      ["GET", "/simple/PA_Demo/", 301], ["HEAD", "/files/pa_demo-1.0.tar.gz", 200],
    ]);
    assert.equal(server.requests[0]!.headers["x-test"], "1");
    assert.equal(server.requestsTo(".tar.gz").length, 1);
  });
});

test("a root directory is grouped into projects, with <file>.metadata picked up", async (t) => {
  const dir = tempDir("index-root");
  t.after(() => dir.cleanup());
  writeFileSync(path.join(dir.path, "pa_root-1.0-py3-none-any.whl"), "wheel");
  writeFileSync(path.join(dir.path, "pa_root-1.0-py3-none-any.whl.metadata"), "Name: pa-root\n");
  writeFileSync(path.join(dir.path, "pa.root-0.5.tar.gz"), "sdist");
  writeFileSync(path.join(dir.path, "notes.txt"), "ignored");
  const server = await startIndexServer({ root: dir.path });
  t.after(() => server.close());
  const body = await (await fetch(`${server.simpleUrl}pa-root/`, { headers: { accept: JSON_TYPE } })).json() as { files: { filename: string }[] };
  assert.deepEqual(body.files.map((f) => f.filename).sort(), ["pa.root-0.5.tar.gz", "pa_root-1.0-py3-none-any.whl"]);
  assert.equal(await (await fetch(`${server.url}/files/pa_root-1.0-py3-none-any.whl.metadata`)).text(), "Name: pa-root\n");
});

test("negotiateFormat follows Accept q-values", () => {
  const cases: [string | undefined, string | null][] = [
    [undefined, "html"],
    ["*/*", "html"],
    ["text/html", "html"],
    [PIP_ACCEPT, "json"],
    ["application/vnd.pypi.simple.latest+json", "json"],
    ["text/html, application/vnd.pypi.simple.v1+json; q=0.5", "html"],
    ["application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1", "html-v1"],
    ["application/json", null],
    ["text/html; q=0", null],
  ];
  for (const [accept, expected] of cases) assert.equal(negotiateFormat(accept), expected, String(accept));
});

test("splitFilename reads project and version from wheel and sdist names", () => {
  assert.deepEqual(splitFilename("pa_demo-1.0-py3-none-any.whl"), { name: "pa_demo", version: "1.0" });
  assert.deepEqual(splitFilename("pa-demo-2.0rc1.tar.gz"), { name: "pa-demo", version: "2.0rc1" });
  assert.equal(splitFilename("README.txt"), null);
});
