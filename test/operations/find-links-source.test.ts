import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { candidateFromFilename, parseLinks } from "../../src/operations/find-links-source.js";
import { fixturePath } from "../kit/repo.js";

interface Expected {
  page: string;
  links: Array<{ url: string; hash: [string, string] | null; requiresPython: string | null; yanked: string | null }>;
}

const pages = JSON.parse(readFileSync(fixturePath("indexes", "expected.json"), "utf8")) as Expected[];

for (const page of pages) {
  test(`page links as pip reads them: ${page.page}`, () => {
    const dir = fixturePath("indexes", ...page.page.replace(/^\/static\//, "").split("/").filter(Boolean));
    const file = existsSync(join(dir, "index.html")) ? join(dir, "index.html") : dir;
    const links = parseLinks(readFileSync(file, "utf8"), `http://localhost${page.page}`);
    assert.deepEqual(links.map((l) => ({
      url: l.url, hash: Object.entries(l.hashes)[0] ?? null, requiresPython: l.requiresPython,
      yanked: l.yanked === false ? null : l.yanked === true ? "" : l.yanked,
    })), page.links.map((l) => ({ ...l, url: l.url.split("#")[0], hash: l.hash })));
  });
}

test("candidates from file names", () => {
  const wheel = candidateFromFilename("Foo_Bar-1.0-py2.py3-none-any.whl", "file:///w/x.whl");
  assert.equal(wheel?.name, "foo-bar");
  assert.deepEqual(wheel?.info.tags, ["py2-none-any", "py3-none-any"]);
  assert.equal(candidateFromFilename("foo-2.0.tar.gz", "u")?.info.version, "2.0");
  assert.equal(candidateFromFilename("foo-2.0.tar.gz", "u")?.info.isWheel, false);
  assert.equal(candidateFromFilename("README.txt", "u"), null);
  assert.equal(candidateFromFilename("bad-name.whl", "u"), null);
});
