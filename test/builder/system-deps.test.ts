import { installBuildArtifact } from "../../src/operations/build-env-installer.js";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Builder } from "../../src/builder/builder.js";
import { BuildFailedError, SystemPackageInstallError, SystemPackageRefusedError } from "../../src/builder/errors.js";
import { detectMissing, parseAutoInstall, SystemPackages, type MissingItem } from "../../src/builder/system-deps.js";
import { buildSdist } from "../kit/sdist-build.js";
import { tempDir } from "../kit/repo.js";
import { setuptoolsProvider, testInterpreter } from "./helpers.js";

describe("detectMissing", () => {
  const cases: Array<[string, string, MissingItem[]]> = [
    ["gcc header", "src/lxml/etree.c:96:10: fatal error: libxml/xmlversion.h: No such file or directory\n compilation terminated.",
      [{ kind: "header", name: "libxml/xmlversion.h" }]],
    ["clang header", "foo.c:1:10: fatal error: 'ffi.h' file not found", [{ kind: "header", name: "ffi.h" }]],
    ["linker", "/usr/bin/ld: cannot find -lpq: No such file or directory\n/usr/bin/ld: cannot find -lz", [{ kind: "library", name: "pq" }, { kind: "library", name: "z" }]],
    ["missing compiler", "error: command 'x86_64-linux-gnu-gcc' failed: No such file or directory", [{ kind: "program", name: "x86_64-linux-gnu-gcc" }]],
    ["unable to execute", "unable to execute 'swig': No such file or directory", [{ kind: "program", name: "swig" }]],
    ["shell", "sh: 1: pg_config: not found", [{ kind: "program", name: "pg_config" }]],
    ["duplicates collapse", "fatal error: zlib.h: No such file or directory\nfatal error: zlib.h: No such file or directory", [{ kind: "header", name: "zlib.h" }]],
    ["nothing", "error: Microsoft Visual C++ 14.0 is required", []],
  ];
  for (const [label, output, expected] of cases) it(label, () => assert.deepEqual(detectMissing(output), expected));
});

describe("SystemPackages", () => {
  const run = async (): Promise<{ code: number; output: string }> => ({ code: 0, output: "" });

  it("maps well-known items through the table, unknown ones through lookup, and adds the config section", async () => {
    const sp = new SystemPackages({
      runCommand: run, projectPackages: { "My_Project": "libfoo-dev libbar-dev" },
      lookup: async (item) => (item.name === "weird.h" ? ["libweird-dev"] : []),
      isInstalled: async (pkg) => pkg === "libbar-dev",
    });
    const out = "fatal error: libxml/xmlversion.h: No such file or directory\nfatal error: weird.h: No such file or directory\ncannot find -lffi";
    assert.deepEqual(await sp.packagesFor("my-project", out), ["libxml2-dev", "libweird-dev", "libffi-dev", "libfoo-dev"]);
  });

  it("prefixes sudo unless root", () => {
    assert.deepEqual(new SystemPackages({ runCommand: run, isRoot: false }).installCommand(["a"]), ["sudo", "apt-get", "install", "--yes", "a"]);
    assert.deepEqual(new SystemPackages({ runCommand: run, isRoot: true }).installCommand(["a"]), ["apt-get", "install", "--yes", "a"]);
  });

  it("answers no without a terminal unless auto-install is on, and never asks", async () => {
    let asked = 0;
    const sp = new SystemPackages({ runCommand: run, isRoot: true, interactive: false, confirm: async () => { asked++; return true; } });
    await assert.rejects(sp.offer("p", "fatal error: ffi.h: No such file or directory", null), (e: unknown) => {
      assert.ok(e instanceof SystemPackageRefusedError);
      assert.match(e.hint ?? "", /apt-get install --yes libffi-dev/);
      return true;
    });
    assert.equal(asked, 0);
    assert.equal(await new SystemPackages({ runCommand: run, autoInstall: true }).offer("p", "fatal error: ffi.h: No such file or directory", null), true);
    assert.equal(await sp.offer("p", "nothing useful", null), false);
  });

  it("reports a failing install command", async () => {
    const sp = new SystemPackages({ runCommand: async () => ({ code: 100, output: "E: Unable to locate package" }), autoInstall: true });
    await assert.rejects(sp.offer("p", "cannot find -lz", null), SystemPackageInstallError);
  });

  it("parses PIP_ACCEL_AUTO_INSTALL", () => {
    assert.equal(parseAutoInstall("true"), true);
    assert.equal(parseAutoInstall("No"), false);
    assert.equal(parseAutoInstall(undefined), undefined);
    assert.equal(parseAutoInstall("maybe"), undefined);
  });
});

describe("a build that fails for want of a header", () => {
  const cache = tempDir("sysdeps-cache");
  const include = tempDir("sysdeps-include");
  after(() => { cache.cleanup(); include.cleanup(); });
  let sdist = "";
  before(async () => { sdist = (await buildSdist("missing-header")).path; });

  const lookup = async (item: MissingItem): Promise<string[]> => (item.name === "nonexistent_pipaccel_test.h" ? ["libpipaccel-test-dev"] : []);

  it("shows the apt-get hint, the last lines and the log file when refused", async () => {
    const interpreter = await testInterpreter();
    const builder = new Builder({ installArtifact: installBuildArtifact,
      interpreter, cacheDir: cache.path, provider: setuptoolsProvider(),
      systemPackages: new SystemPackages({ lookup, autoInstall: false, isRoot: false, runCommand: async () => assert.fail("must not install") }),
    });
    await assert.rejects(builder.build(sdist), (e: unknown) => {
      assert.ok(e instanceof SystemPackageRefusedError, String(e));
      assert.equal(e.hint, "Install them with: sudo apt-get install --yes libpipaccel-test-dev  (or set PIP_ACCEL_AUTO_INSTALL=true to let pip-accel do it)");
      const cause = e.cause as BuildFailedError;
      assert.ok(cause instanceof BuildFailedError);
      assert.match(cause.tail, /nonexistent_pipaccel_test\.h: No such file or directory/);
      assert.ok(cause.logFile !== null && existsSync(cause.logFile));
      assert.match(cause.message, /Full build log: /);
      return true;
    });
  });

  it("asks on a terminal, installs on yes (stubbed apt-get), and retries the build once", async () => {
    const interpreter = await testInterpreter();
    const questions: string[] = [];
    const commands: string[][] = [];
    const builder = new Builder({ installArtifact: installBuildArtifact,
      interpreter, cacheDir: cache.path, provider: setuptoolsProvider(),
      env: { ...process.env, CPATH: include.path },
      systemPackages: new SystemPackages({
        lookup, interactive: true, isRoot: true,
        confirm: async (q) => { questions.push(q); return true; },
        runCommand: async (argv) => {
          commands.push(argv);
          mkdirSync(include.path, { recursive: true });
          writeFileSync(join(include.path, "nonexistent_pipaccel_test.h"), "/* provided by the stubbed package */\n");
          return { code: 0, output: "" };
        },
      }),
    });
    const built = await builder.build(sdist);
    assert.deepEqual(questions, ["Do you want me to install this dependency (libpipaccel-test-dev)? [y/N]"]);
    assert.deepEqual(commands, [["apt-get", "install", "--yes", "libpipaccel-test-dev"]]);
    assert.equal(built.fromCache, false);
    assert.equal(built.kind, "binary");
  });
});
