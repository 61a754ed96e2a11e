import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../src/cache/cache.js";
import { HttpClient } from "../../src/index/http.js";
import { PageCache, maxAge } from "../../src/index/page-cache.js";
import { ACCEPT_HEADER } from "../../src/index/simple-api.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";

describe("page cache", () => {
  let server: IndexServer;
  before(async () => {
    server = await startIndexServer({ projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "a" }] } });
  });
  after(() => server.close());
  const options = { retries: 0, netrcPath: null, env: {} };

  test("stores validators, revalidates with them (304), and picks up changes (200)", async () => {
    const cache = new Cache(mkdtempSync(join(tmpdir(), "pa-pages-")));
    const http = new HttpClient(options);
    const pages = new PageCache(cache, http);
    const url = `${server.simpleUrl}demo/`;
    server.clearLog();
    const first = await pages.get(url, { accept: ACCEPT_HEADER });
    assert.equal(first.source, "network");
    assert.match(first.contentType, /json/);
    const second = await pages.get(url, { accept: ACCEPT_HEADER });
    assert.equal(second.source, "revalidated");
    assert.equal(second.body, first.body);
    const conditional = server.requests[1]!.headers;
    assert.ok(conditional["if-none-match"] || conditional["if-modified-since"]);
    assert.equal(server.requests[1]!.status, 304);
    server.addFile("demo", { filename: "demo-2.0.tar.gz", data: "b" });
    const third = await pages.get(url, { accept: ACCEPT_HEADER });
    assert.equal(third.source, "network");
    assert.match(third.body, /demo-2\.0\.tar\.gz/);
    server.removeFile("demo-2.0.tar.gz");
    await http.close();
  });

  test("offline serves the cached copy with zero requests, and names what is missing", async () => {
    const cache = new Cache(mkdtempSync(join(tmpdir(), "pa-pages-")));
    const online = new HttpClient(options);
    await new PageCache(cache, online).get(`${server.simpleUrl}demo/`, { accept: "text/html" });
    await online.close();
    server.clearLog();
    const offline = new PageCache(cache, new HttpClient({ ...options, offline: true }));
    const page = await offline.get(`${server.simpleUrl}demo/`, { accept: "text/html" });
    assert.equal(page.source, "cache");
    assert.match(page.body, /demo-1\.0/);
    await assert.rejects(offline.get(`${server.simpleUrl}other/`, { accept: "text/html" }),
      (error: Error & { code?: string }) => error.code === "offline" && error.message.includes("/simple/other/"));
    assert.equal(server.requests.length, 0);
  });

  test("a fresh entry (max-age) is served without a request; refresh forces revalidation", async () => {
    const cache = new Cache(mkdtempSync(join(tmpdir(), "pa-pages-")));
    const http = new HttpClient(options);
    let now = 1_000_000;
    const pages = new PageCache(cache, http, { now: () => now });
    const url = `${server.simpleUrl}demo/`;
    await pages.get(url, { accept: "text/html" });
    // The kit server sends no Cache-Control, so force freshness through the stored entry.
    const fresh = new PageCache(cache, http, { now: () => now });
    (fresh as unknown as { isFresh: () => boolean }).isFresh = () => true;
    server.clearLog();
    assert.equal((await fresh.get(url, { accept: "text/html" })).source, "cache");
    assert.equal(server.requests.length, 0);
    now += 1;
    const refreshed = await fresh.get(url, { accept: "text/html", refresh: true });
    assert.equal(refreshed.source, "revalidated");
    assert.equal(server.requests[0]?.headers["cache-control"], "max-age=0");
    await http.close();
  });

  test("maxAge reads Cache-Control", () => {
    assert.equal(maxAge({ "cache-control": "max-age=600, public" }), 600);
    assert.equal(maxAge({ "cache-control": "no-cache" }), 0);
    assert.equal(maxAge({}), null);
  });
});
