import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ACCEPT_HEADER, pageFormat, parseJsonPage, parseProjectPage, projectPageUrl,
} from "../../src/index/simple-api.js";
import { parseHtmlDocument } from "../../src/index/html-page.js";

const fixtures = fileURLToPath(new URL("../../../test/fixtures/indexes/", import.meta.url));

interface Expected {
  page: string;
  links: { url: string; hash: [string, string] | null; requiresPython: string | null; yanked: string | null }[];
}

test("static quirk pages parse exactly as pip reads them (expected.json, recorded from pip)", () => {
  const expected = JSON.parse(readFileSync(`${fixtures}expected.json`, "utf8")) as Expected[];
  assert.ok(expected.length >= 5);
  for (const page of expected) {
    const dir = page.page.replace(/^\/static\//, "");
    const html = readFileSync(`${fixtures}${dir}index.html`, "utf8");
    const links = parseHtmlDocument(html, `http://localhost${page.page}`);
    assert.equal(links.length, page.links.length, page.page);
    page.links.forEach((want, i) => {
      const got = links[i]!;
      assert.equal(got.url, want.url.replace(/#.*$/, ""), `${page.page} #${i} url`);
      assert.deepEqual(Object.entries(got.hashes)[0] ?? null, want.hash, `${page.page} #${i} hash`);
      assert.equal(got.requiresPython, want.requiresPython, `${page.page} #${i} requires-python`);
      assert.equal(got.yanked, want.yanked, `${page.page} #${i} yanked`);
    });
  }
});

test("HTML: core-metadata, legacy dist-info-metadata, filename decoding, egg fragment", () => {
  const html = `<a href="/f/a-1.0.tar.gz" data-core-metadata="sha256=abc" data-dist-info-metadata="sha256=old">1</a>
    <a href="/f/a-1.1.tar.gz" data-dist-info-metadata="true">2</a>
    <a href="/f/a-1.2.tar.gz" data-core-metadata="false">3</a>
    <a href="/f/a-1.3.tar.gz">4</a>
    <a href="/f/a%201.4.tar.gz#egg=a-1.4&amp;md5=ff">5</a>
    <a href="">empty</a><a>none</a>`;
  const links = parseHtmlDocument(html, "https://example.org/simple/a/");
  assert.equal(links.length, 5);
  assert.deepEqual(links.map((l) => l.coreMetadata), [{ sha256: "abc" }, true, true, false, false]);
  assert.equal(links[4]!.filename, "a 1.4.tar.gz");
  assert.equal(links[4]!.egg, "a-1.4");
  assert.deepEqual(links[4]!.hashes, { md5: "ff" });
  assert.equal(links[0]!.url, "https://example.org/f/a-1.0.tar.gz");
});

test("JSON (PEP 691/700): hashes, requires-python, yanked forms, metadata, size, upload-time, relative url", () => {
  const json = JSON.stringify({
    meta: { "api-version": "1.1" }, name: "a", versions: ["1.0"],
    files: [
      { filename: "a-1.0.tar.gz", url: "../../files/a-1.0.tar.gz", hashes: { sha256: "aa", md5: "mm" }, "requires-python": ">=3.8",
        yanked: "bad", "core-metadata": { sha256: "cc", blake2: "x" }, size: 42, "upload-time": "2024-01-02T03:04:05Z", _private: 1 },
      { filename: "a-1.1.tar.gz", url: "https://cdn.example/a-1.1.tar.gz#sha512=ee", hashes: { sha256: "bb" }, yanked: true, "dist-info-metadata": true },
      { filename: "a-1.2.tar.gz", url: "x/a-1.2.tar.gz", hashes: {}, yanked: "" , "core-metadata": false },
      { filename: "no-url.tar.gz", hashes: {} },
    ],
  });
  const links = parseJsonPage(json, "https://idx.example/simple/a/");
  assert.equal(links.length, 3);
  const [a, b, c] = links as [typeof links[0], typeof links[0], typeof links[0]];
  assert.equal(a.url, "https://idx.example/files/a-1.0.tar.gz");
  assert.deepEqual(a.hashes, { sha256: "aa", md5: "mm" });
  assert.equal(a.requiresPython, ">=3.8");
  assert.equal(a.yanked, "bad");
  assert.deepEqual(a.coreMetadata, { sha256: "cc" });
  assert.equal(a.size, 42);
  assert.equal(a.uploadTime, "2024-01-02T03:04:05Z");
  assert.deepEqual(Object.keys(b.hashes), ["sha512", "sha256"], "the fragment hash wins (comes first)");
  assert.equal(b.yanked, "");
  assert.equal(b.coreMetadata, true);
  assert.equal(c.yanked, null);
  assert.equal(c.coreMetadata, false);
  assert.equal(c.size, null);
});

test("content types: JSON, HTML aliases, anything else is refused with a clear code", async () => {
  assert.equal(pageFormat("application/vnd.pypi.simple.v1+json"), "json");
  assert.equal(pageFormat("Text/HTML; charset=utf-8"), "html");
  assert.equal(pageFormat("application/vnd.pypi.simple.v1+html"), "html");
  assert.equal(pageFormat("application/json"), null);
  await assert.rejects(parseProjectPage("{}", "text/plain", "https://u:secret@x.example/simple/a/"),
    (error: Error & { code?: string }) => error.code === "index-page-unsupported" && !error.message.includes("secret"));
  await assert.rejects(parseProjectPage("not json", "application/vnd.pypi.simple.v1+json", "https://x/"), { code: "index-page-invalid" });
});

test("project page URLs are normalised and end in a slash; Accept matches pip", () => {
  assert.equal(projectPageUrl("https://pypi.org/simple", "Zope.Interface"), "https://pypi.org/simple/zope-interface/");
  assert.equal(projectPageUrl("http://h/simple/", "a_b"), "http://h/simple/a-b/");
  assert.match(ACCEPT_HEADER, /^application\/vnd\.pypi\.simple\.v1\+json, .*text\/html; q=0\.01$/);
});
