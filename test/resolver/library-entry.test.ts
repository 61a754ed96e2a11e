/**
 * The `pip-accel/resolver` entry never runs a process and writes only under
 * the cache directory: follow the compiled import graph from
 * dist/src/resolver/lib.js. It may reach the index client (`src/index`) and
 * the cache (`src/cache`) for its index-backed sources; file writes are
 * imported only by `src/cache` and the index's downloader (which writes
 * into the cache's source index); no builder, installer or python. The
 * archive layer's zip reader (wheel METADATA, also by range requests) is
 * reached through src/metadata; its writers are not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";

const ENTRY = resolvePath(dirname(fileURLToPath(import.meta.url)), "../../src/resolver/lib.js");
const IMPORT = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s*["']([^"']+)["']/g;

const WRITES = /\b(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|mkdir|mkdirSync|rename|renameSync|rm|rmSync|unlink|unlinkSync|copyFile|symlink|chmod)\b/;

/** Files that import a writing function from node:fs or node:fs/promises. */
function writers(files: Iterable<string>): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(/import\s*\{([^}]*)\}\s*from\s*["']node:fs(?:\/promises)?["']/g)) {
      if (WRITES.test(m[1]!)) out.push(file);
    }
  }
  return out;
}

function reachable(entry: string): { files: Set<string>; builtins: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const builtins = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith(".")) queue.push(resolvePath(dirname(file), spec));
      else if (spec.startsWith("node:")) builtins.add(spec.slice(5));
      else packages.add(spec);
    }
  }
  return { files, builtins, packages };
}

test("the resolver entry reaches no child_process or worker", () => {
  const { files, builtins } = reachable(ENTRY);
  assert.ok(files.size > 5, "the import graph was followed");
  for (const banned of ["child_process", "worker_threads", "cluster", "vm"]) {
    assert.ok(!builtins.has(banned), `${banned} is reachable from the resolver entry`);
  }
});

test("the resolver entry reaches only the resolver, metadata, the zip reader, index, cache and pure standards", () => {
  const { files } = reachable(ENTRY);
  const src = resolvePath(dirname(ENTRY), "..");
  const folders = new Set([...files].map((file) => file.slice(src.length + 1).split("/")[0]!));
  for (const folder of folders) {
    assert.ok(["resolver", "metadata", "archive", "index", "cache", "pep440", "pep508", "filenames", "tags", "report"].includes(folder), `unexpected folder ${folder}`);
  }
  for (const banned of ["builder", "installer", "python", "operations", "cli"]) assert.ok(!folders.has(banned), banned);
  const archive = [...files].filter((file) => file.slice(src.length + 1).startsWith("archive/")).map((file) => file.slice(src.length + 9)).sort();
  assert.deepEqual(archive, ["errors.js", "limits.js", "member-path.js", "zip-reader.js"], "of the archive layer, only the zip reader (with its name rules and size limits)");
});

test("only the cache and the index's downloader import file-writing functions", () => {
  const { files } = reachable(ENTRY);
  const src = resolvePath(dirname(ENTRY), "..");
  const found = writers(files).map((file) => file.slice(src.length + 1)).sort();
  for (const file of found) assert.ok(file.startsWith("cache/") || file === "index/download.js", `${file} imports a file-writing function`);
  assert.ok(found.some((file) => file.startsWith("cache/")), "the check sees the cache's writes");
});

test("the entry exports resolve and the error types", async () => {
  const lib = (await import(ENTRY)) as Record<string, unknown>;
  for (const name of ["resolve", "UnsatisfiableRequirements", "ResolutionImpossible", "ResolutionTooDeep", "MemorySource"]) assert.ok(name in lib, name);
});

test("two resolutions in one process do not interfere", async () => {
  const { resolve, MemorySource } = (await import(ENTRY)) as typeof import("../../src/resolver/lib.js");
  const env = { markers: { python_version: "3.11", python_full_version: "3.11.4" }, tags: ["py3-none-any"] };
  const one = new MemorySource({ a: { "1.0": {}, "2.0": {} } });
  const two = new MemorySource({ a: { "3.0": { requires_dist: ["b"] } }, b: { "1.0": {} } });
  const [r1, r2] = await Promise.all([
    resolve(["a"], { environment: env, candidateSource: one, metadataSource: one, constraints: ["a<2"] }),
    resolve(["a"], { environment: env, candidateSource: two, metadataSource: two }),
  ]);
  assert.deepEqual(r1.pins.map((p) => `${p.name}==${p.version}`), ["a==1.0"]);
  assert.deepEqual(r2.pins.map((p) => `${p.name}==${p.version}`), ["a==3.0", "b==1.0"]);
});

test("at run time, an index-backed resolve loads no child_process and writes only under cacheDir", async () => {
  const { startIndexServer } = await import("../kit/index-server.js");
  const { tempDir } = await import("../kit/repo.js");
  const { servedProjects } = await import("./http-index.js");
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const { mkdirSync, readdirSync } = await import("node:fs");
  const work = tempDir("library-entry");
  const server = await startIndexServer({ projects: servedProjects({ a: { "1.0": { requires_dist: ["b"] } }, b: { "1.0": { sdist: false, wheel_tags: ["py3-none-any"] } } }, resolvePath(work.path, "files")) });
  try {
    const home = resolvePath(work.path, "home");
    const cwd = resolvePath(work.path, "cwd");
    mkdirSync(home);
    mkdirSync(cwd);
    const script = `
      const { resolve } = await import(${JSON.stringify(ENTRY)});
      const r = await resolve(["a"], { environment: { markers: { python_version: "3.11", python_full_version: "3.11.4" }, tags: ["py3-none-any"] },
        indexUrls: [${JSON.stringify(server.simpleUrl)}], cacheDir: ${JSON.stringify(resolvePath(work.path, "cache"))} });
      // worker_threads is loaded by undici for markAsUncloneable only (no worker is started), so it is not checked here.
      const loaded = process.moduleLoadList.filter((m) => /child_process|cluster/.test(m));
      process.stdout.write(JSON.stringify({ pins: r.pins.map((p) => p.name + "==" + p.version), loaded }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd, env: { PATH: process.env["PATH"] ?? "", HOME: home } });
    const out = JSON.parse(stdout) as { pins: string[]; loaded: string[] };
    assert.deepEqual(out.pins, ["a==1.0", "b==1.0"]);
    assert.deepEqual(out.loaded, []);
    assert.deepEqual(readdirSync(home), [], "nothing written to HOME");
    assert.deepEqual(readdirSync(cwd), [], "nothing written to the working directory");
    assert.ok(readdirSync(resolvePath(work.path, "cache")).length > 0, "the cache was used");
  } finally {
    await server.close();
    work.cleanup();
  }
});
