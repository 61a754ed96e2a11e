/**
 * The package's bin, `dist/bin/pip-accel` (src/cli/pip-accel.sh): it runs
 * pip-accel.cjs beside it, and hands a readable NODE_EXTRA_CA_CERTS to
 * pip-accel as PIP_ACCEL_EXTRA_CA_CERTS so that Node does not parse the
 * certificates at start-up; pip-accel then trusts them on its own TLS
 * connections, and puts NODE_EXTRA_CA_CERTS back for its children.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, statSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { restoreLauncherEnvironment } from "../../src/cli/launcher-env.js";
import { BUNDLE_DIR, LAUNCHER } from "../../scripts/bundle.js";
import { startIndexServer } from "../kit/index-server.js";
import { repoRoot, spawnCollect, tempDir } from "../kit/repo.js";
import { TEST_CA_FILE, testTls } from "../kit/tls-fixtures.js";

const root = repoRoot();
const launcher = join(root, LAUNCHER);
const missing = !existsSync(launcher) && "bundle not built (npm run bundle)";
const dir = tempDir("launcher");
after(() => dir.cleanup());

/** PATH whose `node` prints its arguments and the CA variables as JSON, instead of running anything. */
function fakeNodePath(): string {
  const bin = join(dir.path, "fake-bin");
  mkdirSync(bin, { recursive: true });
  const script = join(bin, "node");
  writeFileSync(script, [
    "#!/bin/sh",
    `exec ${JSON.stringify(process.execPath)} -e 'console.log(JSON.stringify({ args: process.argv.slice(1), ` +
      "node: process.env.NODE_EXTRA_CA_CERTS ?? null, extra: process.env.PIP_ACCEL_EXTRA_CA_CERTS ?? null, " +
      "mark: process.env.PIP_ACCEL_NODE_CA_MOVED ?? null }))' -- \"$@\"",
    "",
  ].join("\n"));
  chmodSync(script, 0o755);
  return bin;
}

interface Seen { args: string[]; node: string | null; extra: string | null; mark: string | null }

async function launch(command: string, env: Record<string, string>): Promise<Seen> {
  const result = await spawnCollect(command, ["install", "x y"], { cwd: dir.path, env: { PATH: `${fakeNodePath()}:/usr/bin:/bin`, ...env } });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Seen;
}

test("the launcher is an executable shell script", { skip: missing }, () => {
  assert.ok(readFileSync(launcher, "utf8").startsWith("#!/bin/sh\n"));
  assert.ok((statSync(launcher).mode & 0o111) !== 0);
});

test("through npm's symlink, the launcher runs the entry beside it and moves a readable NODE_EXTRA_CA_CERTS", { skip: missing }, async () => {
  const link = join(dir.path, "node_modules", ".bin", "pip-accel");
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(launcher, link);
  const seen = await launch(link, { NODE_EXTRA_CA_CERTS: TEST_CA_FILE });
  assert.deepEqual(seen, { args: [join(realpathSync(join(root, BUNDLE_DIR)), "pip-accel.cjs"), "install", "x y"], node: null, extra: TEST_CA_FILE, mark: "1" });
});

test("the launcher leaves NODE_EXTRA_CA_CERTS to Node where it cannot read it, where another store is chosen, or where PIP_ACCEL_EXTRA_CA_CERTS is set", { skip: missing }, async () => {
  const absent = join(dir.path, "absent.pem");
  assert.deepEqual(await launch(launcher, { NODE_EXTRA_CA_CERTS: absent }), { args: [join(root, BUNDLE_DIR, "pip-accel.cjs"), "install", "x y"], node: absent, extra: null, mark: null });
  assert.deepEqual(await launch(launcher, { NODE_EXTRA_CA_CERTS: dir.path }), { args: [join(root, BUNDLE_DIR, "pip-accel.cjs"), "install", "x y"], node: dir.path, extra: null, mark: null });
  const openssl = await launch(launcher, { NODE_EXTRA_CA_CERTS: TEST_CA_FILE, NODE_OPTIONS: "--max-old-space-size=512 --use-openssl-ca" });
  assert.deepEqual([openssl.node, openssl.extra], [TEST_CA_FILE, null]);
  const own = await launch(launcher, { NODE_EXTRA_CA_CERTS: TEST_CA_FILE, PIP_ACCEL_EXTRA_CA_CERTS: "/elsewhere.pem" });
  assert.deepEqual([own.node, own.extra, own.mark], [TEST_CA_FILE, "/elsewhere.pem", null]);
  const none = await launch(launcher, {});
  assert.deepEqual([none.node, none.extra, none.mark], [null, null, null]);
});

test("the entry puts a moved NODE_EXTRA_CA_CERTS back, and only a moved one", () => {
  const moved: Record<string, string | undefined> = { PIP_ACCEL_EXTRA_CA_CERTS: "/ca.pem", PIP_ACCEL_NODE_CA_MOVED: "1", HOME: "/h" };
  restoreLauncherEnvironment(moved);
  assert.deepEqual(moved, { PIP_ACCEL_EXTRA_CA_CERTS: "/ca.pem", NODE_EXTRA_CA_CERTS: "/ca.pem", HOME: "/h" });
  const own: Record<string, string | undefined> = { PIP_ACCEL_EXTRA_CA_CERTS: "/ca.pem" };
  restoreLauncherEnvironment(own);
  assert.deepEqual(own, { PIP_ACCEL_EXTRA_CA_CERTS: "/ca.pem" });
});

test("with NODE_EXTRA_CA_CERTS moved by the launcher, pip-accel still trusts its certificates over HTTPS", { skip: missing }, async () => {
  const server = await startIndexServer({ tls: testTls(), projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "a" }, { filename: "demo-1.1.tar.gz", data: "b" }] } });
  try {
    const env = (extra: Record<string, string>): NodeJS.ProcessEnv => {
      const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir.path, PIP_CONFIG_FILE: "/dev/null", NO_COLOR: "1" };
      return { ...base, ...extra };
    };
    const args = ["index", "versions", "demo", "-i", server.simpleUrl, "--retries", "0", "--cache-dir", join(dir.path, "cache")];
    const trusted = await spawnCollect(launcher, args, { cwd: dir.path, env: env({ NODE_EXTRA_CA_CERTS: TEST_CA_FILE }) });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /demo \(1\.1\)/);
    const untrusted = await spawnCollect(launcher, args, { cwd: dir.path, env: env({}) });
    assert.notEqual(untrusted.code, 0, "the test CA is not a bundled root");
    assert.match(untrusted.stderr, /certificate/i);
  } finally {
    await server.close();
  }
});
