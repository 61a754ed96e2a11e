import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { transformDumbTarball } from "../../src/builder/dumb-transform.js";
import { InvalidSdistError } from "../../src/builder/errors.js";
import { readBinaryArchive } from "../../src/archive/index.js";
import type { InterpreterInfo } from "../../src/python/interpreter.js";
import { makeDumbTarball } from "../kit/tarball-factory.js";
import { writeTar, type TarMember } from "../kit/tar-writer.js";
import { tempDir } from "../kit/repo.js";
import { testInterpreter } from "./helpers.js";

const PREFIX = "/opt/pa-build/venv";

/** The real interpreter's answers, moved to PREFIX (as if built in a venv there). */
function infoAt(real: InterpreterInfo, prefix: string): InterpreterInfo {
  const move = (p: string): string => (p.startsWith(real.prefix) ? prefix + p.slice(real.prefix.length) : p);
  const paths = Object.fromEntries(Object.entries(real.schemes.default).map(([k, v]) => [k, move(v)]));
  return { ...real, prefix, basePrefix: "/usr", execPrefix: prefix, schemes: { ...real.schemes, default: paths } };
}

describe("transformDumbTarball", () => {
  const work = tempDir("transform");
  after(() => work.cleanup());
  let info: InterpreterInfo;
  let py = "";
  before(async () => {
    const real = (await testInterpreter()).info;
    info = infoAt(real, PREFIX);
    py = `${real.versionInfo[0]}.${real.versionInfo[1]}`;
  });

  it("maps site-packages, bin and data, converts the egg-info, keeps modes", async () => {
    const raw = makeDumbTarball({
      name: "pa-demo", version: "2.0", prefix: PREFIX, pythonVersion: py, gzip: false,
      files: { "pa_demo/__init__.py": "x = 1\n" }, scripts: { "pa-demo-tool": "#!/opt/pa-build/venv/bin/python\nprint(1)\n" },
      data: { "share/pa-demo/data.txt": "d\n" }, entryPoints: { console_scripts: { "pa-demo": "pa_demo:main" } },
      requiresTxt: "idna\n\n[socks]\nPySocks\n",
    }, work.path);
    const out = join(work.path, "a.tar.gz");
    const result = await transformDumbTarball(raw.path, info, out);
    assert.equal(result.name, "pa-demo");
    assert.equal(result.version, "2.0");
    const archive = await readBinaryArchive(out);
    assert.deepEqual([...archive.files.keys()].sort(), [
      "data/share/pa-demo/data.txt",
      "purelib/pa_demo-2.0.dist-info/METADATA",
      "purelib/pa_demo-2.0.dist-info/entry_points.txt",
      "purelib/pa_demo-2.0.dist-info/top_level.txt",
      "purelib/pa_demo/__init__.py",
      "scripts/pa-demo-tool",
    ]);
    const modes = new Map(archive.manifest.files.map((f) => [f.path, f.mode]));
    assert.equal(modes.get("scripts/pa-demo-tool"), 0o755);
    assert.equal(modes.get("purelib/pa_demo/__init__.py"), 0o644);
    const metadata = archive.files.get("purelib/pa_demo-2.0.dist-info/METADATA")!.toString();
    assert.match(metadata, /^Requires-Dist: idna$/m);
    assert.match(metadata, /^Provides-Extra: socks$/m);
    assert.match(metadata, /^Requires-Dist: PySocks ; extra == "socks"$/m);
  });

  const variants: Array<[string, string, string]> = [
    ["Debian local/ + dist-packages", `usr/local/lib/python3/dist-packages/m.py`, "purelib/m.py"],
    ["lib64", `opt/pa-build/venv/lib64/pythonPY/site-packages/m.py`, "purelib/m.py"],
    ["headers in the dist's include dir", `opt/pa-build/venv/include/pythonPY/pa-v/h.h`, "headers/h.h"],
    ["base prefix", `usr/bin/tool`, "scripts/tool"],
  ];
  for (const [label, member, expected] of variants) {
    it(`maps ${label}`, async () => {
      const path = member.replace("PY", py);
      const egg = member.startsWith("usr/local") ? "usr/local/lib/python3/dist-packages" : `opt/pa-build/venv/lib/python${py}/site-packages`;
      const members: TarMember[] = [
        { path: `./${path}`, data: "x" },
        { path: `./${egg}/pa_v-1.0-py${py}.egg-info/PKG-INFO`, data: "Metadata-Version: 2.1\nName: pa-v\nVersion: 1.0\n" },
        { path: "./etc/outside.conf", data: "x" },
      ];
      const raw = join(work.path, `${label.replace(/\W+/g, "_")}.tar`);
      writeFileSync(raw, writeTar(members));
      const out = join(work.path, `${label.replace(/\W+/g, "_")}.tar.gz`);
      const localInfo = { ...info, basePrefix: "/usr" };
      const result = await transformDumbTarball(raw, localInfo, out);
      const archive = await readBinaryArchive(out);
      assert.ok(archive.files.has(expected), [...archive.files.keys()].join("\n"));
      assert.ok(result.notes.some((n) => n.includes("/etc/outside.conf")), result.notes.join("\n"));
    });
  }

  it("maps a Debian system Python's /usr/local scheme (dist-packages, local/bin, local/share)", async () => {
    const debian: InterpreterInfo = {
      ...info, prefix: "/usr", basePrefix: "/usr", execPrefix: "/usr",
      schemes: { ...info.schemes, default: {
        purelib: `/usr/local/lib/python${py}/dist-packages`, platlib: `/usr/local/lib/python${py}/dist-packages`,
        scripts: "/usr/local/bin", include: `/usr/include/python${py}`, data: "/usr/local",
      } },
    };
    const site = `usr/local/lib/python${py}/dist-packages`;
    const raw = join(work.path, "debian.tar");
    writeFileSync(raw, writeTar([
      { path: `./${site}/m.py`, data: "x" }, { path: "./usr/local/bin/tool", data: "#!/usr/bin/python3\n", mode: 0o755 },
      { path: "./usr/local/share/pa/d.txt", data: "d" },
      { path: `./${site}/pa_d-1.0-py${py}.egg-info/PKG-INFO`, data: "Metadata-Version: 2.1\nName: pa-d\nVersion: 1.0\n" },
    ]));
    const out = join(work.path, "debian.tar.gz");
    await transformDumbTarball(raw, debian, out);
    const keys = [...(await readBinaryArchive(out)).files.keys()].sort();
    assert.deepEqual(keys, ["data/share/pa/d.txt", "purelib/m.py", "purelib/pa_d-1.0.dist-info/METADATA", "scripts/tool"]);
  });

  it("puts everything in platlib when the distribution has an extension module", async () => {
    const raw = makeDumbTarball({ name: "pa-ext", version: "1", prefix: PREFIX, pythonVersion: py, files: { "pa_ext/__init__.py": "", "pa_ext/_x.so": "ELF" } }, work.path);
    const out = join(work.path, "ext.tar.gz");
    await transformDumbTarball(raw.path, info, out);
    const keys = [...(await readBinaryArchive(out)).files.keys()];
    const platlibDiffers = info.schemes.default.purelib !== info.schemes.default.platlib;
    if (!platlibDiffers) assert.ok(keys.every((k) => k.startsWith("platlib/")), keys.join("\n"));
  });

  it("refuses build output without metadata", async () => {
    const raw = join(work.path, "nometa.tar");
    writeFileSync(raw, writeTar([{ path: `./opt/pa-build/venv/lib/python${py}/site-packages/m.py`, data: "x" }]));
    await assert.rejects(transformDumbTarball(raw, info, join(work.path, "nometa.tar.gz")), InvalidSdistError);
  });
});
