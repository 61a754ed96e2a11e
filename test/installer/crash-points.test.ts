/**
 * Every crash point of an upgrade, a fresh install and an uninstall, tried
 * one by one: a child process runs the installer and SIGKILLs itself at its
 * k-th file-system change (fs patched and synced into the ESM bindings).
 * After each kill the tree is either whole or carries a journal; after
 * `recoverTransactions` it is byte for byte one clean version (its snapshot
 * taken from an uninterrupted run), and no transaction is left.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findDistribution } from "../../src/installer/environment.js";
import { installFromStore } from "../../src/installer/install.js";
import { Store, type StoreEntry } from "../../src/installer/store.js";
import { recoverTransactions } from "../../src/installer/transaction.js";
import { uninstallDistribution } from "../../src/installer/uninstall.js";
import { unpackWheel } from "../../src/installer/wheel-unpack.js";
import type { Scheme } from "../../src/python/scheme.js";
import { removeDir, tempDir, writeWheel, type WheelSpec } from "./support.js";

const PYTHON = { executable: "/usr/bin/python3" };
const MUTATORS = ["renameSync", "linkSync", "writeFileSync", "unlinkSync", "rmSync", "rmdirSync", "mkdirSync", "copyFileSync", "cpSync", "mkdtempSync", "chmodSync"];

function app(version: string, only: string): WheelSpec {
  return {
    name: "app",
    version,
    files: {
      "app/__init__.py": `VERSION = '${version}'\n`,
      "app/core/engine.py": `# engine ${version}\n`,
      [`app/${only}.py`]: "",
      [`app-${version}.data/data/share/app/${version}.txt`]: version,
      [`app-${version}.data/scripts/app-tool`]: "#!python\nprint(1)\n",
    },
    entryPoints: "[console_scripts]\napp-cli = app:main\n",
  };
}

const schemeIn = (root: string): Scheme => ({
  purelib: join(root, "site"), platlib: join(root, "site"), scripts: join(root, "bin"), data: root, headers: join(root, "include"),
});

/** Every path under `root` (directories included) with the hash of each file or the target of each link. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      const key = relative(root, path);
      if (st.isDirectory()) {
        out[`${key}/`] = "dir";
        walk(path);
      } else if (st.isSymbolicLink()) out[key] = `-> ${readlinkSync(path)}`;
      else out[key] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(root);
  return out;
}

const txns = (root: string): string[] => readdirSync(join(root, "site")).filter((n) => n.startsWith(".pip-accel-txn-"));

const CHILD = `
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
const [args] = process.argv.slice(2).map((a) => JSON.parse(a));
let calls = 0;
for (const name of ${JSON.stringify(MUTATORS)}) {
  const real = fs[name];
  fs[name] = function (...a) {
    if (++calls === args.killAt) process.kill(process.pid, "SIGKILL");
    return real.apply(this, a);
  };
}
syncBuiltinESMExports();
const installer = await import(args.installer);
const old = installer.findDistribution([args.scheme.purelib], "app");
if (args.action === "uninstall") installer.uninstallDistribution(old, { scriptsDir: args.scheme.scripts });
else await installer.installFromStore(args.entry, args.scheme, { python: { executable: "/usr/bin/python3" }, replaces: old, uninstall: { scriptsDir: args.scheme.scripts } });
fs.writeFileSync(args.report, String(calls));
`;

describe("a kill at every file-system change of the installer", () => {
  let dir: string;
  let entries: Record<"1.0" | "2.0", StoreEntry>;
  let clean: Record<"none" | "1.0" | "2.0", Record<string, string>>;
  let childScript: string;
  const installerModule = fileURLToPath(new URL("../../src/installer/index.js", import.meta.url));

  before(async () => {
    dir = tempDir("crash-points-");
    const store = Store.inCache(join(dir, "cache"));
    mkdirSync(join(dir, "wheels"));
    entries = {
      "1.0": await unpackWheel(writeWheel(join(dir, "wheels"), app("1.0", "old_only")), store),
      "2.0": await unpackWheel(writeWheel(join(dir, "wheels"), app("2.0", "new_only")), store),
    };
    const base = join(dir, "base");
    mkdirSync(join(base, "site"), { recursive: true });
    mkdirSync(join(base, "bin"));
    writeFileSync(join(base, "bin", "python"), "not really\n"); // the directories hold other things too
    writeFileSync(join(base, "site", "other.pth"), "\n");
    const none = snapshot(base);
    await installFromStore(entries["1.0"], schemeIn(base), { python: PYTHON });
    const v1 = snapshot(base);
    cpSync(base, join(dir, "v1-copy"), { recursive: true });
    await installFromStore(entries["2.0"], schemeIn(join(dir, "v1-copy")), { python: PYTHON, replaces: findDistribution([join(dir, "v1-copy", "site")], "app") });
    clean = { none, "1.0": v1, "2.0": snapshot(join(dir, "v1-copy")) };
    assert.ok(clean["2.0"]["site/app/new_only.py"] !== undefined && clean["2.0"]["site/app/old_only.py"] === undefined);
    childScript = join(dir, "child.mjs");
    writeFileSync(childScript, CHILD);
  });
  after(() => removeDir(dir));

  /** Runs the child on a fresh copy of `from` (a snapshot name), killed at call `killAt` (0: never). */
  function trial(action: "install" | "uninstall", from: "none" | "1.0", killAt: number): { root: string; killed: boolean; calls: number } {
    const root = join(dir, `t-${action}-${from}-${killAt}`);
    if (from === "1.0") {
      cpSync(join(dir, "base"), root, { recursive: true });
    } else {
      mkdirSync(join(root, "site"), { recursive: true });
      mkdirSync(join(root, "bin"));
      writeFileSync(join(root, "bin", "python"), "not really\n");
      writeFileSync(join(root, "site", "other.pth"), "\n");
    }
    const report = join(root, "..", `report-${action}-${from}-${killAt}`);
    const args = { action, killAt, installer: installerModule, entry: entries["2.0"], scheme: schemeIn(root), report };
    const run = spawnSync(process.execPath, [childScript, JSON.stringify(args)], { encoding: "utf8" });
    const killed = run.signal === "SIGKILL";
    if (!killed) assert.equal(run.status, 0, run.stderr);
    return { root, killed, calls: killed ? 0 : Number(readFileSync(report, "utf8")) };
  }

  for (const [action, from, outcomes] of [
    ["install", "1.0", ["1.0", "2.0"]],
    ["install", "none", ["none", "2.0"]],
    ["uninstall", "1.0", ["1.0", "none"]],
  ] as const) {
    it(`${action} from ${from}: after recovery the tree is exactly ${outcomes.join(" or ")} at every crash point`, () => {
      const total = trial(action, from, 0).calls;
      assert.ok(total > 10, `the ${action} makes ${total} file-system changes`);
      const seen = new Set<string>();
      for (let k = 1; k <= total; k++) {
        const { root, killed } = trial(action, from, k);
        assert.ok(killed, `the child was killed at change ${k} of ${total}`);
        const raw = snapshot(root);
        const whole = outcomes.find((o) => JSON.stringify(clean[o]) === JSON.stringify(raw));
        assert.ok(whole !== undefined || txns(root).length === 1, `kill at change ${k}/${total}: the tree is neither whole nor journaled`);
        recoverTransactions([join(root, "site")]);
        const after = snapshot(root);
        const state = outcomes.find((o) => JSON.stringify(clean[o]) === JSON.stringify(after));
        assert.ok(state !== undefined, `kill at change ${k}/${total}: after recovery the tree is not one clean version:\n${diff(clean[outcomes[0]], after)}\n--- or ---\n${diff(clean[outcomes[1]], after)}`);
        seen.add(state);
        removeDir(root);
      }
      assert.deepEqual([...seen].sort(), [...outcomes].sort(), "both outcomes occur across the crash points");
      console.log(`crash points: ${action} from ${from}: ${total} kills, each recovered to ${outcomes.join(" or ")}`);
    });
  }

  it("a transaction whose owner still runs (or is this process) is left alone; a dead owner's is recovered", () => {
    const root = join(dir, "live");
    cpSync(join(dir, "base"), root, { recursive: true });
    const txn = join(root, "site", ".pip-accel-txn-live01");
    const journal = (pid: number): void => {
      mkdirSync(join(txn, "dist-info"), { recursive: true });
      writeFileSync(join(txn, "journal.json"), JSON.stringify({ version: 1, pid, label: "app 9", distInfo: null, stops: [], old: [], planned: [] }));
    };
    for (const pid of [process.pid, process.ppid]) {
      journal(pid);
      assert.deepEqual(recoverTransactions([join(root, "site")]), [], `owner ${pid} runs: left alone`);
      assert.deepEqual(txns(root), [".pip-accel-txn-live01"]);
    }
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    journal(Number(dead.stdout.trim()));
    assert.deepEqual(recoverTransactions([join(root, "site")]), [{ label: "app 9", outcome: "rolled-back" }]);
    assert.deepEqual(txns(root), []);
    assert.deepEqual(snapshot(root), clean["1.0"], "nothing else was touched");
  });
});

function diff(want: Record<string, string>, got: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
  return keys.filter((k) => want[k] !== got[k]).map((k) => `${k}: want ${want[k] ?? "(absent)"}, got ${got[k] ?? "(absent)"}`).join("\n");
}
