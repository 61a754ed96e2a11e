import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configureSystemPackages, debianLookups, systemPackagesSection } from "../../src/builder/system-lookup.js";

describe("debianLookups", () => {
  it("asks apt-file first and parses package names", async () => {
    const calls: string[][] = [];
    const { lookup } = debianLookups(async (argv) => {
      calls.push(argv);
      return argv[0] === "apt-file" ? { code: 0, output: "libxml2-dev: /usr/include/libxml2/libxml/xmlversion.h\n" } : { code: 1, output: "" };
    });
    assert.deepEqual(await lookup!({ kind: "header", name: "libxml/xmlversion.h" }), ["libxml2-dev"]);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]?.slice(0, 3), ["apt-file", "search", "--regexp"]);
    assert.match(calls[0]?.[3] ?? "", /\/include\/\(\.\*\/\)\?libxml\/xmlversion\\\.h\$$/);
  });

  it("falls back to dpkg -S when apt-file is missing, and strips architectures", async () => {
    const { lookup } = debianLookups(async (argv) => {
      if (argv[0] === "apt-file") throw new Error("ENOENT");
      return { code: 0, output: "libffi-dev:amd64: /usr/lib/x86_64-linux-gnu/libffi.so\n" };
    });
    assert.deepEqual(await lookup!({ kind: "library", name: "ffi" }), ["libffi-dev"]);
  });

  it("finds nothing when neither tool knows", async () => {
    const { lookup } = debianLookups(async () => ({ code: 1, output: "" }));
    assert.deepEqual(await lookup!({ kind: "program", name: "swig" }), []);
  });

  it("isInstalled reads dpkg-query's status", async () => {
    const { isInstalled } = debianLookups(async (argv) => ({ code: 0, output: argv[3] === "gcc" ? "install ok installed" : "deinstall ok config-files" }));
    assert.equal(await isInstalled!("gcc"), true);
    assert.equal(await isInstalled!("libfoo"), false);
  });
});

describe("systemPackagesSection", () => {
  it("merges [system-packages] from several files, later ones winning", () => {
    const got = systemPackagesSection([
      { path: "/etc/pip-accel.conf", text: "[pip-accel]\nauto-install = no\n[system-packages]\nlxml = libxml2-dev libxslt1-dev\nPillow = libjpeg-dev\n" },
      { path: "~/.pip-accel/pip-accel.conf", text: "[system-packages]\npillow = libjpeg-dev zlib1g-dev\n" },
    ]);
    assert.deepEqual(got, { lxml: "libxml2-dev libxslt1-dev", pillow: "libjpeg-dev zlib1g-dev" });
  });
});

describe("configureSystemPackages", () => {
  const files: Record<string, string> = {
    "/etc/pip-accel.conf": "[pip-accel]\nauto-install = yes\n[system-packages]\npa-x = libx-dev\n",
  };
  const readFile = (p: string): string | null => files[p] ?? null;
  const installs: string[][] = [];
  const exec = async (argv: string[]): Promise<{ code: number; output: string }> => { if (argv.includes("install")) installs.push(argv); return { code: 1, output: "" }; };

  it("takes auto-install and [system-packages] from pip-accel.conf", async () => {
    const sp = configureSystemPackages({ env: {}, home: "/nonexistent", readFile, interactive: false, exec: async (a) => { installs.push(a); return { code: 0, output: "" }; }, debian: false });
    assert.equal(await sp.offer("PA_X", "some unrelated failure", null), true);
    assert.deepEqual(installs.at(-1)?.slice(-1), ["libx-dev"]);
  });

  it("PIP_ACCEL_AUTO_INSTALL=false overrides the file and refuses", async () => {
    const sp = configureSystemPackages({ env: { PIP_ACCEL_AUTO_INSTALL: "false" }, home: "/nonexistent", readFile, interactive: true, confirm: async () => true, exec, debian: false });
    await assert.rejects(sp.offer("pa-x", "", null), /system packages that are not installed: libx-dev/);
  });
});
