import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { list } from "tar";
import { makeDumbTarball, makeMaliciousSdist, makeSdistFromFiles, type MaliciousKind } from "./tarball-factory.js";
import { writeTar } from "./tar-writer.js";
import { cleanPythonEnv, pythonAvailable, tempDir } from "./repo.js";

const out = tempDir("tarballs");
after(() => out.cleanup());

interface Listed { path: string; type: string; linkpath?: string; mode: number; data: string }

/** Every member of a tar(.gz) as node-tar's parser sees it (paths unsanitised). */
function listTar(file: string): Listed[] {
  const seen: Listed[] = [];
  list({
    file, sync: true,
    onReadEntry: (entry) => {
      const listed: Listed = { path: entry.path, type: entry.type, linkpath: entry.linkpath, mode: entry.mode ?? 0, data: "" };
      seen.push(listed);
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => (listed.data = Buffer.concat(chunks).toString("utf8")));
    },
  });
  return seen;
}

describe("makeSdistFromFiles", () => {
  test("writes PKG-INFO, files and an egg-info dir under <name>-<version>/", () => {
    const built = makeSdistFromFiles({
      name: "pa-meta", version: "1.0",
      files: { "setup.py": "raise SystemExit('never run')\n", "pyproject.toml": '[project]\nname = "pa-meta"\n' },
      eggInfo: { "requires.txt": 'idna\n\n[socks:python_version < "3.12"]\nPySocks\n' },
    }, out.path);
    assert.equal(built.filename, "pa_meta-1.0.tar.gz");
    const members = new Map(listTar(built.path).map((m) => [m.path, m]));
    assert.equal(members.get("pa_meta-1.0/PKG-INFO")!.data, "Metadata-Version: 2.1\nName: pa-meta\nVersion: 1.0\n");
    assert.equal(members.get("pa_meta-1.0/pa_meta.egg-info/PKG-INFO")!.data, members.get("pa_meta-1.0/PKG-INFO")!.data);
    assert.match(members.get("pa_meta-1.0/pa_meta.egg-info/requires.txt")!.data, /\[socks:python_version < "3.12"\]/);
    assert.equal(members.get("pa_meta-1.0/pa_meta.egg-info/")!.type, "Directory");
  });

  test("PKG-INFO can be a literal, a metadata spec, or left out", () => {
    const literal = makeSdistFromFiles({ name: "pa-lit", version: "2", pkgInfo: "Metadata-Version: 2.2\nName: pa-lit\nVersion: 2\nDynamic: Requires-Dist\n" }, out.path);
    assert.match(listTar(literal.path).find((m) => m.path.endsWith("PKG-INFO"))!.data, /Dynamic: Requires-Dist/);
    const spec = makeSdistFromFiles({ name: "pa-spec", version: "3", pkgInfo: { metadataVersion: "2.2", requiresDist: ["idna"] } }, out.path);
    assert.match(listTar(spec.path).find((m) => m.path.endsWith("PKG-INFO"))!.data, /Metadata-Version: 2\.2\n.*Requires-Dist: idna/s);
    const none = makeSdistFromFiles({ name: "pa-none", version: "4", pkgInfo: false, files: { "setup.py": "" } }, out.path);
    assert.deepEqual(listTar(none.path).map((m) => m.path), ["pa_none-4/", "pa_none-4/setup.py"]);
  });

  test("is reproducible and readable by python's tarfile", { skip: !pythonAvailable() && "python3 not found" }, () => {
    const a = makeSdistFromFiles({ name: "pa-repro", version: "1", files: { "x/y/z.py": "z = 1\n" } }, out.path);
    const first = readFileSync(a.path);
    const b = makeSdistFromFiles({ name: "pa-repro", version: "1", files: { "x/y/z.py": "z = 1\n" } }, out.path);
    assert.equal(b.sha256, a.sha256);
    assert.deepEqual(readFileSync(b.path), first);
    const names = execFileSync("python3", ["-c", "import sys, tarfile; print(tarfile.open(sys.argv[1]).getnames())", a.path], { env: cleanPythonEnv(), encoding: "utf8" });
    assert.equal(names.trim(), "['pa_repro-1', 'pa_repro-1/x', 'pa_repro-1/x/y', 'pa_repro-1/x/y/z.py', 'pa_repro-1/PKG-INFO']");
  });
});

describe("makeMaliciousSdist", () => {
  const cases: [MaliciousKind, (m: Listed[]) => boolean][] = [
    ["dotdot", (m) => m.some((e) => e.path === "pa_evil-1.0/../../escaped.txt")],
    ["absolute", (m) => m.some((e) => e.path.startsWith("/tmp/pip-accel-absolute-"))],
    ["symlink-out", (m) => m.some((e) => e.type === "SymbolicLink" && e.linkpath === "../../..")],
    ["symlink-then-file", (m) => m.findIndex((e) => e.path === "pa_evil-1.0/evil" && e.type === "SymbolicLink") < m.findIndex((e) => e.path === "pa_evil-1.0/evil/planted.txt")],
    ["hardlink-out", (m) => m.some((e) => e.type === "Link" && e.linkpath === "/etc/passwd")],
  ];
  for (const [kind, check] of cases) {
    test(`${kind}: keeps the hostile member as written, next to a valid PKG-INFO`, () => {
      const members = listTar(makeMaliciousSdist(kind, out.path).path);
      assert.ok(check(members), JSON.stringify(members.map((m) => [m.path, m.type, m.linkpath])));
      assert.ok(members.some((m) => m.path === "pa_evil-1.0/PKG-INFO"));
    });
  }

  test("zip variants carry ../ and absolute names; links need a tar", () => {
    const zip = makeMaliciousSdist("dotdot", out.path, { format: "zip" });
    assert.ok(readFileSync(zip.path).includes("pa_evil-1.0/../../escaped.txt"));
    assert.throws(() => makeMaliciousSdist("symlink-out", out.path, { format: "zip" }), /needs a tar/);
  });
});

describe("makeDumbTarball", () => {
  const spec = {
    name: "pa-dumb", version: "1.0", prefix: "/opt/build/venv",
    files: { "pa_dumb/__init__.py": "X = 1\n" }, scripts: { "pa-dumb": "#!/opt/build/venv/bin/python\n" },
    data: { "share/pa-dumb/data.txt": "d\n" }, entryPoints: { console_scripts: { "pa-dumb": "pa_dumb:main" } },
  };

  test("raw layout: ./<prefix>/lib/python3.11/site-packages, bin/ with 0755, an egg-info dir", () => {
    const built = makeDumbTarball(spec, out.path);
    assert.equal(built.filename, "pa_dumb-1.0.linux-x86_64.tar.gz");
    const members = new Map(listTar(built.path).map((m) => [m.path, m]));
    const site = "./opt/build/venv/lib/python3.11/site-packages";
    assert.equal(members.get(`${site}/pa_dumb/__init__.py`)!.data, "X = 1\n");
    assert.equal(members.get("./opt/build/venv/bin/pa-dumb")!.mode & 0o777, 0o755);
    assert.equal(members.get(`${site}/pa_dumb-1.0-py3.11.egg-info/top_level.txt`)!.data, "pa_dumb\n");
    assert.match(members.get(`${site}/pa_dumb-1.0-py3.11.egg-info/entry_points.txt`)!.data, /pa-dumb = pa_dumb:main/);
    assert.equal(members.get("./opt/build/venv/share/pa-dumb/data.txt")!.data, "d\n");
    assert.equal(members.get("./opt/")!.type, "Directory");
  });

  test("cached layout strips the prefix; gzip: false writes a plain tar", () => {
    const built = makeDumbTarball({ ...spec, layout: "cached", gzip: false, filename: "pa-dumb:1.0:CPython-3.11.tar" }, out.path);
    const paths = listTar(built.path).map((m) => m.path);
    assert.ok(paths.includes("lib/python3.11/site-packages/pa_dumb/__init__.py"));
    assert.ok(paths.includes("bin/pa-dumb"));
    assert.throws(() => gunzipSync(readFileSync(built.path)));
  });
});

test("writeTar uses a PAX header for paths longer than ustar allows", () => {
  const long = `${"d".repeat(120)}/${"f".repeat(120)}.py`;
  const dir = tempDir("longtar");
  try {
    const file = `${dir.path}/long.tar`;
    writeFileSync(file, writeTar([{ path: long, data: "x" }]));
    assert.deepEqual(listTar(file).map((m) => m.path), [long]);
  } finally {
    dir.cleanup();
  }
});

