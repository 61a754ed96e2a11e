/**
 * The S3 client and the shared binary cache against a real S3-protocol
 * server (moto, authentication on): signed requests, conditional writes,
 * paged listings, wrong credentials; two platforms side by side; a tampered
 * object refused; eight machines uploading one key at once; read-only; a
 * store that goes away.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BinaryCache } from "../../src/builder/binary-cache.js";
import type { BinaryKey } from "../../src/builder/binary-key.js";
import { HttpClient } from "../../src/index/http.js";
import { S3Client, S3Error } from "../../src/s3/client.js";
import { s3Settings } from "../../src/s3/settings.js";
import { openS3BinaryCache, type S3BinaryCache } from "../../src/operations/shared-cache.js";
import { motoAvailable, startS3Server, type S3Server } from "../kit/s3-server.js";
import { tempDir } from "../kit/repo.js";

const skip = !motoAvailable() && "python3 has no moto.server (pip install 'moto[server]')";
const dir = tempDir("s3-shared");
let server: S3Server;
let authServer: S3Server;
const closers: Array<() => Promise<void>> = [];

before(async () => {
  if (skip) return;
  [server, authServer] = await Promise.all([startS3Server(), startS3Server({ auth: true })]);
});
after(async () => {
  for (const close of closers) await close();
  await Promise.all([server?.stop(), authServer?.stop()]);
  dir.cleanup();
});

function client(on = server, secret = on.secretAccessKey, id = on.accessKeyId): S3Client {
  const http = new HttpClient({ retries: 0, timeoutMs: 5000, netrcPath: null });
  closers.push(() => http.close());
  return new S3Client({ endpoint: on.endpoint, bucket: on.bucket, addressing: "path", region: "us-east-1" }, { accessKeyId: id, secretAccessKey: secret }, http);
}

function shared(prefix: string, extra: Record<string, string> = {}): { cache: S3BinaryCache; warnings: string[] } {
  const env = server.env(prefix, extra);
  const config = new Map(Object.entries({
    "s3-bucket": env.PIP_ACCEL_S3_BUCKET!, "s3-url": env.PIP_ACCEL_S3_URL!, "s3-prefix": prefix, "s3-timeout": "3", "s3-retries": "0",
    ...(extra.PIP_ACCEL_S3_READONLY ? { "s3-readonly": extra.PIP_ACCEL_S3_READONLY } : {}),
  }).map(([k, v]) => [k, { value: v, source: "test" }])) as never;
  const warnings: string[] = [];
  const opened = openS3BinaryCache(s3Settings(config)!, env, (m) => warnings.push(m), dir.path);
  closers.push(opened.close);
  return { cache: opened.cache, warnings };
}

const key = (platform = "linux-x86_64-glibc2.36"): BinaryKey => ({
  name: "demo", version: "1.0", sdistSha256: "ab".repeat(32), implementation: "cp", pythonVersion: "3.11", abi: "cpython-311-x86_64-linux-gnu", platform,
});

let n = 0;
function localEntry(k: BinaryKey, content: string) {
  const root = join(dir.path, `local-${n++}`);
  mkdirSync(root, { recursive: true });
  const file = join(root, "built.tar.gz");
  writeFileSync(file, content);
  const cache = new BinaryCache(root);
  return { cache, entry: cache.put(k, file, "binary") };
}
const freshLocal = () => new BinaryCache(join(dir.path, `fresh-${n++}`));

test("put, get, conditional put and paged listing, all signed", { skip }, async () => {
  const s3 = client();
  assert.equal(await s3.putObject("t/a", Buffer.from("one"), { ifAbsent: true }), "written");
  assert.equal(await s3.putObject("t/a", Buffer.from("two"), { ifAbsent: true }), "exists", "If-None-Match: * honoured");
  assert.equal((await s3.getObject("t/a"))!.toString(), "one");
  assert.equal(await s3.getObject("t/missing"), null);
  for (const k of ["t/b", "t/c+1", "t/d e", "t/é"]) await s3.putObject(k, Buffer.from(k));
  assert.deepEqual(await s3.list("t/", 2), ["t/a", "t/b", "t/c+1", "t/d e", "t/é"]);
  assert.equal((await s3.getObject("t/c+1"))!.toString(), "t/c+1", "keys with + and spaces are encoded and signed alike");
});

test("signed requests pass an authenticating server; wrong credentials are S3 errors that never show the secret", { skip }, async () => {
  const good = client(authServer);
  assert.equal(await good.putObject("t/a", Buffer.from("signed"), { ifAbsent: true }), "written");
  assert.equal((await good.getObject("t/a"))!.toString(), "signed");
  await good.headBucket();
  const badSecret = await client(authServer, "not-the-secret-x").getObject("t/a").then(() => null, (e: unknown) => e);
  assert.ok(badSecret instanceof S3Error);
  assert.equal(badSecret.s3Code, "SignatureDoesNotMatch");
  assert.doesNotMatch(badSecret.message, /not-the-secret-x/);
  const badKey = await client(authServer, "x", "AKIANOSUCHKEY000000").getObject("t/a").then(() => null, (e: unknown) => e);
  assert.ok(badKey instanceof S3Error);
  assert.equal(badKey.s3Code, "InvalidAccessKeyId");
  assert.equal(badKey.status, 403);
});

test("an uploaded binary is fetched into an empty local cache, checked; two platforms side by side", { skip }, async () => {
  const { cache } = shared("platforms");
  const x86 = localEntry(key(), "x86 binary");
  const arm = localEntry(key("linux-aarch64-glibc2.36"), "arm binary");
  await cache.upload(x86.entry);
  await cache.upload(arm.entry);
  const local = freshLocal();
  const got = await cache.fetch(key(), local);
  assert.ok(got !== null);
  assert.equal(readFileSync(got.path, "utf8"), "x86 binary");
  assert.equal(local.get(key())!.sha256, x86.entry.sha256, "the local cache holds it, verified");
  assert.equal(readFileSync((await cache.fetch(key("linux-aarch64-glibc2.36"), freshLocal()))!.path, "utf8"), "arm binary");
  assert.equal(await cache.fetch(key("macosx-14-arm64"), freshLocal()), null, "another platform is a miss");
  const status = await cache.status(key());
  assert.deepEqual([status.reachable, status.writable, status.entries, status.entriesHere], [true, "yes", 2, 1]);
});

test("a tampered object is refused and never reaches the local cache", { skip }, async () => {
  const { cache, warnings } = shared("tampered");
  await cache.upload(localEntry(key(), "good binary").entry);
  const s3 = client();
  const archive = (await s3.list("tampered/")).find((k) => k.endsWith(".tar.gz"))!;
  await s3.putObject(archive, Buffer.from("evil binary"));
  const local = freshLocal();
  assert.equal(await cache.fetch(key(), local), null);
  assert.equal(local.get(key()), null);
  assert.equal(local.list().length, 0);
  assert.match(warnings.join("\n"), /refused s3:\/\/.*\.tar\.gz: its size or sha256 does not match/);
  // A manifest for another key under this key's name is refused too.
  const manifest = (await s3.list("tampered/")).find((k) => k.endsWith(".json"))!;
  const forged = JSON.parse((await s3.getObject(manifest))!.toString()) as { key: BinaryKey };
  forged.key.version = "6.6";
  await s3.putObject(manifest, Buffer.from(JSON.stringify(forged)));
  assert.equal(await cache.fetch(key(), freshLocal()), null);
  assert.match(warnings.at(-1)!, /not a manifest for this key/);
});

test("8 machines uploading the same key at once leave one consistent entry", { skip }, async () => {
  const machines = Array.from({ length: 8 }, (_, i) => ({ ...shared("race"), built: localEntry(key(), `build number ${i}`) }));
  await Promise.all(machines.map((m) => m.cache.upload(m.built.entry)));
  for (const m of machines) assert.deepEqual(m.warnings, []);
  const keys = await client().list("race/");
  assert.equal(keys.filter((k) => k.endsWith(".json")).length, 1, "one manifest");
  const got = await machines[0]!.cache.fetch(key(), freshLocal());
  assert.ok(got !== null, "the manifest names an archive that is there");
  assert.ok(machines.some((m) => m.built.entry.sha256 === got.sha256));
});

test("read-only uploads nothing; a store stopped mid-run is one warning and misses from then on", { skip }, async () => {
  const readOnly = shared("readonly", { PIP_ACCEL_S3_READONLY: "true" });
  await readOnly.cache.upload(localEntry(key(), "x").entry);
  assert.deepEqual(await client().list("readonly/"), []);
  const gone = await startS3Server({ bucket: "pip-accel-gone" });
  const env = gone.env("p");
  const config = new Map([["s3-bucket", gone.bucket], ["s3-url", gone.endpoint], ["s3-timeout", "2"], ["s3-retries", "0"]].map(([k, v]) => [k, { value: v, source: "test" }])) as never;
  const warnings: string[] = [];
  const opened = openS3BinaryCache(s3Settings(config)!, env, (m) => warnings.push(m), dir.path);
  closers.push(opened.close);
  // In use (a keep-alive connection open), then stopped mid-run.
  await opened.cache.upload(localEntry(key("before"), "z").entry);
  assert.equal((await opened.cache.fetch(key("before"), freshLocal())) !== null, true);
  assert.deepEqual(warnings, []);
  await gone.stop();
  assert.equal(await opened.cache.fetch(key(), freshLocal()), null);
  assert.equal(await opened.cache.fetch(key("other"), freshLocal()), null);
  await opened.cache.upload(localEntry(key(), "y").entry);
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(warnings[0]!, /s3:\/\/pip-accel-gone\/ is not usable \(.*127\.0\.0\.1.*\); going on with local builds/);
});
