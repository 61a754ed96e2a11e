/**
 * Direct references to archives whose file names say nothing of the project
 * (`foo @ https://host/foo/archive/main.tar.gz`, as code hosts serve them):
 * two such names must not be taken for one file, and a URL whose content
 * changes is read again, as pip's HTTP cache would.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { makeSdistFromFiles } from "../kit/tarball-factory.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { tempDir } from "../kit/repo.js";
import { resolve } from "../../src/resolver/lib.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

const work = tempDir("direct-archives");
let server: IndexServer;
const environment = { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS };

/** Places an sdist of `name==version` at `static/<dir>/main.tar.gz`. */
function publish(dir: string, name: string, version: string): void {
  const built = makeSdistFromFiles({
    name, version, pkgInfo: { metadataVersion: "2.2" }, files: { "setup.py": "" },
  }, join(work.path, "built", `${name}-${version}`));
  mkdirSync(join(work.path, "static", dir), { recursive: true });
  copyFileSync(built.path, join(work.path, "static", dir, "main.tar.gz"));
}

before(async () => {
  publish("foo", "foo", "1.0");
  publish("bar", "bar", "2.0");
  server = await startIndexServer({ staticRoot: join(work.path, "static") });
});
after(async () => {
  await server.close();
  work.cleanup();
});

const pinsOf = (r: { pins: readonly { name: string; version: string }[] }) => r.pins.map((p) => `${p.name}==${p.version}`);

test("two direct references whose archives have the same file name are two files", async () => {
  const cacheDir = join(work.path, "cache-same-name");
  const requirements = [`foo @ ${server.url}/static/foo/main.tar.gz`, `bar @ ${server.url}/static/bar/main.tar.gz`];
  assert.deepEqual(pinsOf(await resolve(requirements, { environment, noIndex: true, cacheDir })), ["bar==2.0", "foo==1.0"]);
  // Again, offline from the cache this time, in the other order: no request at all.
  server.clearLog();
  assert.deepEqual(pinsOf(await resolve([...requirements].reverse(), { environment, noIndex: true, cacheDir, offline: true })), ["bar==2.0", "foo==1.0"]);
  assert.equal(server.requests.length, 0);
  // Kept by URL, outside the source index's pages: `main` is no project.
  const sources = join(cacheDir, "sources-v1");
  assert.deepEqual(readdirSync(sources).filter((f) => f.endsWith(".tar.gz")), []);
  assert.equal(readdirSync(join(sources, "direct")).length, 2);
  assert.equal(existsSync(join(sources, "simple", "main")), false);
});

test("a direct reference whose archive is another project fails naming both, without internal ids", async () => {
  const cacheDir = join(work.path, "cache-wrong");
  await assert.rejects(resolve([`wrong @ ${server.url}/static/foo/main.tar.gz`], { environment, noIndex: true, cacheDir }), (error: Error) => {
    assert.match(error.message, /^Cannot resolve the requirements: no usable version of wrong satisfies all of them\./);
    assert.match(error.message, /its metadata names the project 'foo'/);
    assert.doesNotMatch(error.message, /<unavailable/);
    return true;
  });
});
