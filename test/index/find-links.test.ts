import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { collectFindLinks, isLocalLocation, type PageFetcher } from "../../src/index/find-links.js";
import { HttpClient } from "../../src/index/http.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";

const noPages: PageFetcher = () => Promise.reject(new Error("no network in this test"));

function flatDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pa-fl-"));
  for (const name of ["demo-1.0.tar.gz", "demo-1.1.zip", "demo-1.2.tgz", "demo-1.3-py3-none-any.whl", "other-1.0.tar.gz", "notes.txt"]) {
    writeFileSync(join(dir, name), name);
  }
  writeFileSync(join(dir, "extra.html"), '<a href="https://x.example/demo-3.0.tar.gz">demo</a>');
  return dir;
}

test("a directory yields strictly named files of the project (no .tgz) plus its HTML pages' links", async () => {
  const dir = flatDir();
  for (const location of [dir, pathToFileURL(dir).toString()]) {
    const found = await collectFindLinks(location, "Demo", noPages);
    assert.deepEqual(found.fileLinks.map((l) => l.filename), ["demo-1.3-py3-none-any.whl", "demo-1.1.zip", "demo-1.0.tar.gz"], "sorted by URL, descending");
    assert.deepEqual(found.pageLinks.map((l) => l.url), ["https://x.example/demo-3.0.tar.gz"]);
  }
});

test("a local file is a link; a local HTML file is a page; a missing path is a warning", async () => {
  const dir = flatDir();
  assert.deepEqual((await collectFindLinks(join(dir, "demo-1.2.tgz"), "demo", noPages)).fileLinks.map((l) => l.filename), ["demo-1.2.tgz"]);
  assert.equal((await collectFindLinks(join(dir, "extra.html"), "demo", noPages)).pageLinks.length, 1);
  const missing = await collectFindLinks(join(dir, "nope"), "demo", noPages);
  assert.match(missing.warnings[0]!, /is ignored: it is either a non-existing path or lacks a specific scheme/);
  assert.equal(isLocalLocation("https://h/"), false);
  assert.equal(isLocalLocation(dir), true);
});

describe("remote find-links", () => {
  let server: IndexServer;
  before(async () => {
    server = await startIndexServer({ projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "a" }, { filename: "zzz-2.0.tar.gz", data: "b" }] } });
  });
  after(() => server.close());

  test("an HTML page is scraped for every archive link; an archive URL is itself a link (no request)", async () => {
    const http = new HttpClient({ retries: 0, netrcPath: null, env: {} });
    const fetchPage: PageFetcher = async (url) => {
      const page = await http.getText(url, { accept: "text/html" });
      return { body: page.text, contentType: page.headers["content-type"] ?? "" };
    };
    const page = await collectFindLinks(server.findLinksUrl, "demo", fetchPage);
    assert.deepEqual(page.pageLinks.map((l) => l.filename).sort(), ["demo-1.0.tar.gz", "zzz-2.0.tar.gz"]);
    server.clearLog();
    const direct = await collectFindLinks(server.fileUrl("demo-1.0.tar.gz"), "demo", fetchPage);
    assert.equal(direct.fileLinks[0]!.url, server.fileUrl("demo-1.0.tar.gz"));
    assert.equal(server.requests.length, 0);
    await http.close();
  });
});
