import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { checkDistributions, formatCheckProblem } from "../../src/installer/check.js";
import { findDistribution, listDistributions } from "../../src/installer/environment.js";
import { removeDir, tempDir } from "./support.js";

const ENV = {
  implementation_name: "cpython", implementation_version: "3.11.7", os_name: "posix", platform_machine: "x86_64",
  platform_release: "6.0", platform_system: "Linux", platform_version: "#1", python_full_version: "3.11.7",
  platform_python_implementation: "CPython", python_version: "3.11", sys_platform: "linux",
};

function put(site: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(site, path, ".."), { recursive: true });
    writeFileSync(join(site, path), content);
  }
}

describe("listDistributions and checkDistributions", () => {
  let site: string;
  before(() => {
    site = tempDir();
    put(site, {
      "app-1.0.dist-info/METADATA": [
        "Metadata-Version: 2.1", "Name: App", "Version: 1.0",
        "Requires-Dist: lib>=2", "Requires-Dist: missing-dep", "Requires-Dist: winonly ; sys_platform == 'win32'",
        "Requires-Dist: extra-dep ; extra == 'x'", "Requires-Dist: old ; python_version < '3'", "Provides-Extra: x", "",
        "Body text",
      ].join("\n"),
      "app-1.0.dist-info/INSTALLER": "pip-accel\n",
      "app-1.0.dist-info/REQUESTED": "",
      "app-1.0.dist-info/direct_url.json": '{"url": "file:///tmp/app", "dir_info": {}}',
      "lib-1.5.dist-info/METADATA": "Metadata-Version: 2.1\nName: lib\nVersion: 1.5\nRequires-Dist: Legacy_Thing[a] (>=0.1)\n",
      "Legacy_Thing-0.2-py3.11.egg-info/PKG-INFO": "Metadata-Version: 1.1\nName: Legacy-Thing\nVersion: 0.2\n",
      "Legacy_Thing-0.2-py3.11.egg-info/requires.txt": "lib\n[a]\nnot-needed\n",
      "single-3.0-py3.11.egg-info": "Metadata-Version: 1.0\nName: single\nVersion: 3.0\n",
      "not-a-dist/__init__.py": "",
    });
  });
  after(() => removeDir(site));

  it("lists dist-info and egg-info (directory and file) with their metadata", () => {
    const dists = listDistributions([site, join(site, "missing-dir")]);
    assert.deepEqual(dists.map((d) => [d.canonicalName, d.version, d.kind]), [
      ["app", "1.0", "dist-info"], ["legacy-thing", "0.2", "egg-info"], ["lib", "1.5", "dist-info"], ["single", "3.0", "egg-info"],
    ]);
    const app = dists[0]!;
    assert.equal(app.installer, "pip-accel");
    assert.equal(app.requested, true);
    assert.deepEqual(app.directUrl, { url: "file:///tmp/app", dir_info: {} });
    assert.deepEqual(app.providesExtra, ["x"]);
    assert.equal(app.metadata.body, "Body text");
    assert.deepEqual(dists[1]!.requiresDist, ["lib", 'not-needed ; extra == "a"']);
    assert.equal(findDistribution([site], "legacy.thing")?.version, "0.2");
    assert.equal(findDistribution([site], "nope"), null);
  });

  it("reports missing and conflicting dependencies like pip check, markers evaluated", () => {
    const problems = checkDistributions(listDistributions([site]), ENV);
    assert.deepEqual(problems.map(formatCheckProblem), [
      "App 1.0 has requirement lib>=2, but you have lib 1.5.",
      "App 1.0 requires missing-dep, which is not installed.",
    ]);
  });

  it("reports nothing for a consistent environment", () => {
    const dists = listDistributions([site]).filter((d) => d.canonicalName !== "app");
    assert.deepEqual(checkDistributions(dists, ENV), []);
  });
});
