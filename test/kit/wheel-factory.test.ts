import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { buildWheel, formatCoreMetadata, formatEntryPoints, wheelFilename } from "./wheel-factory.js";
import { readZip, unzipTo } from "./zip-reader.js";
import { cleanPythonEnv, pythonAvailable, tempDir } from "./repo.js";

const out = tempDir("wheels");
after(() => out.cleanup());

const demo = buildWheel({
  name: "PA.Demo-Wheel",
  version: "1.0",
  files: { "pa_demo_wheel/__init__.py": "VALUE = 42\n", "pa_demo_wheel/data.bin": Buffer.from([0, 1, 2, 255]) },
  metadata: { requiresDist: ['idna; extra == "net"'], requiresPython: ">=3.8", providesExtra: ["net"], headers: { Classifier: ["A", "B"] } },
  entryPoints: { console_scripts: { "pa-demo": "pa_demo_wheel:main" }, gui_scripts: { "pa-demo-gui": "pa_demo_wheel:gui" } },
  data: { scripts: { "pa-tool": "#!python\nprint('tool')\n" }, data: { "share/pa/x.txt": "x\n" } },
  modes: { "pa_demo_wheel-1.0.data/scripts/pa-tool": 0o755 },
}, out.path);
const members = new Map(readZip(readFileSync(demo.path)).map((e) => [e.path, e]));
const text = (p: string): string => members.get(p)!.data.toString("utf8");

describe("buildWheel", () => {
  test("names the file and dist-info after the escaped project name", () => {
    assert.equal(demo.filename, "pa_demo_wheel-1.0-py3-none-any.whl");
    assert.equal(demo.distInfoDir, "pa_demo_wheel-1.0.dist-info");
    assert.equal(wheelFilename({ name: "x", version: "2", build: "1", tag: "cp311-cp311-linux_x86_64" }), "x-2-1-cp311-cp311-linux_x86_64.whl");
    assert.equal(demo.sha256, createHash("sha256").update(readFileSync(demo.path)).digest("hex"));
  });

  test("every RECORD line matches its member's sha256 and size, and RECORD lists itself unhashed", () => {
    const lines = text("pa_demo_wheel-1.0.dist-info/RECORD").trim().split("\n");
    assert.equal(lines.length, members.size);
    for (const line of lines) {
      const [p, hash, size] = line.split(",");
      const member = members.get(p!);
      assert.ok(member, `${p} is in the archive`);
      if (p!.endsWith("/RECORD")) {
        assert.deepEqual([hash, size], ["", ""]);
        continue;
      }
      assert.equal(hash, `sha256=${createHash("sha256").update(member.data).digest("base64url")}`, p);
      assert.equal(Number(size), member.data.length, p);
    }
  });

  test("writes METADATA, WHEEL, entry_points.txt and .data members", () => {
    assert.equal(text("pa_demo_wheel-1.0.dist-info/METADATA"), demo.metadata);
    assert.match(demo.metadata, /^Metadata-Version: 2\.1\nName: PA\.Demo-Wheel\nVersion: 1\.0\n/);
    assert.match(demo.metadata, /Requires-Python: >=3\.8\nProvides-Extra: net\nRequires-Dist: idna; extra == "net"\nClassifier: A\nClassifier: B\n/);
    assert.match(text("pa_demo_wheel-1.0.dist-info/WHEEL"), /Wheel-Version: 1\.0\n.*Root-Is-Purelib: true\nTag: py3-none-any\n/s);
    assert.equal(text("pa_demo_wheel-1.0.dist-info/entry_points.txt"), "[console_scripts]\npa-demo = pa_demo_wheel:main\n\n[gui_scripts]\npa-demo-gui = pa_demo_wheel:gui\n");
    assert.equal(text("pa_demo_wheel-1.0.data/data/share/pa/x.txt"), "x\n");
    assert.equal(members.get("pa_demo_wheel-1.0.data/scripts/pa-tool")!.mode, 0o100755);
    assert.equal(members.get("pa_demo_wheel/__init__.py")!.mode, 0o100644);
  });

  test("expands compressed tags and honours Root-Is-Purelib and build numbers", () => {
    const built = buildWheel({ name: "pa-plat", version: "2.0", tag: "py2.py3-none-any", rootIsPurelib: false, build: "7" }, out.path);
    const wheel = readZip(readFileSync(built.path)).find((e) => e.path.endsWith("/WHEEL"))!.data.toString();
    assert.match(wheel, /Root-Is-Purelib: false\nTag: py2-none-any\nTag: py3-none-any\nBuild: 7\n/);
  });

  test("python3 imports the module after node unzips the wheel", { skip: !pythonAvailable() && "python3 not found" }, () => {
    const dir = tempDir("unzipped");
    try {
      unzipTo(readFileSync(demo.path), dir.path);
      const env = cleanPythonEnv({ PYTHONPATH: dir.path });
      const value = execFileSync("python3", ["-c", "import pa_demo_wheel; print(pa_demo_wheel.VALUE)"], { env, encoding: "utf8" });
      assert.equal(value.trim(), "42");
    } finally {
      dir.cleanup();
    }
  });
});

test("formatCoreMetadata writes a body after a blank line; formatEntryPoints groups entries", () => {
  assert.equal(formatCoreMetadata("a", "1", { body: "Hello\n", metadataVersion: "2.2" }), "Metadata-Version: 2.2\nName: a\nVersion: 1\n\nHello\n");
  assert.equal(formatEntryPoints({ g: { a: "m:f", b: "m:g" } }), "[g]\na = m:f\nb = m:g\n");
});
