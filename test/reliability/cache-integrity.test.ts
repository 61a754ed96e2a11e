/**
 * Cache integrity: every cache entry is checked against its recorded hashes when it is
 * used. A tampered source archive, unpacked store file or cached binary is refused and
 * fetched, unpacked or built again; the environment gets the real bytes, never the
 * tampered ones.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { Store } from "../../src/installer/store.js";
import { unpackWheel } from "../../src/installer/wheel-unpack.js";
import { makeWheel } from "../installer/support.js";
import { join } from "node:path";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, makeVenv, runCliAsync as runCli, runPython } from "../e2e/env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("cache-integrity");
let server: IndexServer;
const cache = (): string => join(dir.path, "cache");
let tampered = 0;

function find(root: string, test: (path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (test(full)) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Overwrites a file in place (same length, other bytes; a new inode so hard links keep the old data). */
function tamper(path: string, replacement?: string): void {
  const data = readFileSync(path);
  const evil = replacement === undefined ? Buffer.from(data.map((b) => b ^ 0x20)) : Buffer.from(replacement.padEnd(data.length, " ").slice(0, data.length));
  rmSync(path);
  writeFileSync(path, evil);
  tampered++;
}

async function install(venv: string, ...reqs: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  makeVenv(join(dir.path, venv));
  return runCli(["install", "--python", join(dir.path, venv), "--cache-dir", cache(), "-i", server.simpleUrl, ...reqs], dir.path);
}

const libVersion = (venv: string): string => runPython(join(dir.path, venv, "bin", "python"), "import lib; print(lib.V)").trim();

before(async () => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  server = await startIndexServer({ root: join(dir.path, "wheels") });
  const first = await install("v0", "lib==1.5");
  assert.equal(first.code, 0, first.stderr);
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

test("a tampered store file is refused: the wheel is unpacked again and the real file installed", { skip }, async () => {
  const [stored] = find(join(cache(), "store-v1"), (p) => p.endsWith("/purelib/lib.py"));
  assert.ok(stored, "the store holds lib.py");
  tamper(stored!, 'V = "evil"');
  const run = await install("v1", "lib==1.5");
  assert.equal(run.code, 0, run.stderr);
  assert.equal(libVersion("v1"), "1.5");
});

test("a tampered source archive is refused and fetched again from the index", { skip }, async () => {
  rmSync(join(cache(), "store-v1"), { recursive: true, force: true });
  const [wheel] = find(join(cache(), "sources-v1"), (p) => p.endsWith("lib-1.5-py3-none-any.whl"));
  assert.ok(wheel, "the source index holds the wheel");
  tamper(wheel!);
  server.clearLog();
  const run = await install("v2", "lib==1.5");
  assert.equal(run.code, 0, run.stderr);
  assert.equal(libVersion("v2"), "1.5");
  assert.ok(server.requests.some((r) => r.path.endsWith("lib-1.5-py3-none-any.whl")), "the wheel was downloaded again");
});

test("store entries: a file edited in place (same size, new mtime), one deleted, one truncated, a broken manifest: each entry is dropped; an untouched one is kept", async () => {
  const root = join(dir.path, "unit-store");
  const store = new Store(root);
  const make = async (i: number): Promise<string> => {
    const wheel = join(dir.path, `unit-${i}.whl`);
    writeFileSync(wheel, makeWheel({ name: "demo", version: `1.${i}`, files: { "demo/__init__.py": "x = 1\n", "demo/data.txt": "0123456789\n" } }));
    return (await unpackWheel(wheel, store)).manifest.archiveSha256;
  };
  const shas = await Promise.all([0, 1, 2, 3, 4].map(make));
  const file = (sha: string, rel: string): string => join(root, sha, "purelib", rel);
  writeFileSync(file(shas[0]!, "demo/data.txt"), "9876543210\n");
  utimesSync(file(shas[0]!, "demo/data.txt"), new Date(), new Date(Date.now() + 5000));
  rmSync(file(shas[1]!, "demo/data.txt"));
  writeFileSync(file(shas[2]!, "demo/__init__.py"), "");
  writeFileSync(join(root, shas[3]!, "manifest.json"), "{not json");
  for (const sha of shas.slice(0, 4)) {
    tampered++;
    assert.equal(store.get(sha), null, "a damaged entry is not used");
    assert.equal(existsSync(join(root, sha)), false, "and is removed, so the archive is unpacked again");
  }
  assert.notEqual(store.get(shas[4]!), null, "an intact entry is used as it is");
  assert.deepEqual(readdirSync(root).filter((n) => n.includes("damaged")), [], "nothing is left aside");
});

test("store entries are checked once per Store (one command): a file damaged later is caught by the next command's Store", async () => {
  const root = join(dir.path, "unit-store-once");
  const wheel = join(dir.path, "once.whl");
  writeFileSync(wheel, makeWheel({ name: "once", version: "1.0", files: { "once/__init__.py": "x = 1\n" } }));
  const sha = (await unpackWheel(wheel, new Store(root))).manifest.archiveSha256;
  const command = new Store(root);
  const first = command.get(sha);
  assert.notEqual(first, null, "an intact entry is used");
  const file = join(root, sha, "purelib", "once", "__init__.py");
  writeFileSync(file, "x = 2\n");
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.equal(command.get(sha), first, "the same command plans and links from the entry it checked");
  tampered++;
  assert.equal(new Store(root).get(sha), null, "the next command's Store checks it again and drops it");
  assert.equal(existsSync(join(root, sha)), false);
});

test("the figure", { skip }, () => {
  console.log(`cache integrity: ${tampered} entries tampered, ${tampered} refused, 0 installed`);
});
