import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InterpreterInfo } from "../../src/python/interpreter.js";
import { BASE_PLACEHOLDER } from "../../src/python/query-script.js";
import { changeRoot, computeScheme } from "../../src/python/scheme.js";

const P = BASE_PLACEHOLDER;
function info(inVirtualenv: boolean): InterpreterInfo {
  const prefix = inVirtualenv ? "/venv" : "/usr";
  return {
    executable: `${prefix}/bin/python3`, prefix, basePrefix: "/usr", execPrefix: prefix, versionInfo: [3, 11, 7, "final", 0],
    implementation: "cpython", cacheTag: "cpython-311", pointerSize: 64, osName: "posix",
    schemes: {
      default: { purelib: `${prefix}/lib/python3.11/site-packages`, platlib: `${prefix}/lib64/python3.11/site-packages`, include: "/usr/include/python3.11", scripts: `${prefix}/bin`, data: prefix },
      user: { purelib: "/home/u/.local/lib/python3.11/site-packages", platlib: "/home/u/.local/lib/python3.11/site-packages", include: "/home/u/.local/include/python3.11", scripts: "/home/u/.local/bin", data: "/home/u/.local" },
      prefix: { purelib: `${P}/lib/python3.11/site-packages`, platlib: `${P}/lib64/python3.11/site-packages`, include: `${P}/include/python3.11`, scripts: `${P}/bin`, data: P },
      home: { purelib: `${P}/lib/python`, platlib: `${P}/lib/python`, include: `${P}/include/python`, scripts: `${P}/bin`, data: P },
    },
    userBase: "/home/u/.local",
    markerEnvironment: {} as InterpreterInfo["markerEnvironment"],
    tags: { soabi: null, extSuffix: null, pyDebug: false, pyGilDisabled: false, withPymalloc: true, platform: "linux-x86_64", macVersion: null, libc: null },
    noUserSite: false, enableUserSite: !inVirtualenv, inVirtualenv, externallyManaged: false, sysPath: [],
  };
}

describe("computeScheme", () => {
  const cases: Array<[string, boolean, Parameters<typeof computeScheme>[1], Record<string, string>]> = [
    ["default outside a venv", false, { distName: "Demo" }, { purelib: "/usr/lib/python3.11/site-packages", platlib: "/usr/lib64/python3.11/site-packages", headers: "/usr/include/python3.11/Demo", scripts: "/usr/bin", data: "/usr" }],
    ["default in a venv: headers under include/site", true, { distName: "demo" }, { purelib: "/venv/lib/python3.11/site-packages", headers: "/venv/include/site/python3.11/demo", scripts: "/venv/bin", data: "/venv" }],
    ["no name outside a venv", false, {}, { headers: "/usr/include/python3.11/UNKNOWN" }],
    ["--user", false, { user: true, distName: "d" }, { purelib: "/home/u/.local/lib/python3.11/site-packages", scripts: "/home/u/.local/bin", headers: "/home/u/.local/include/python3.11/d" }],
    ["--prefix", false, { prefix: "/opt/p", distName: "d" }, { purelib: "/opt/p/lib/python3.11/site-packages", platlib: "/opt/p/lib64/python3.11/site-packages", scripts: "/opt/p/bin", data: "/opt/p", headers: "/opt/p/include/python3.11/d" }],
    ["--prefix in a venv", true, { prefix: "/opt/p", distName: "d" }, { headers: "/opt/p/include/site/python3.11/d" }],
    ["--home", false, { home: "/h" }, { purelib: "/h/lib/python", scripts: "/h/bin" }],
    ["--target", false, { target: "/t", distName: "d" }, { purelib: "/t", platlib: "/t", scripts: "/t/bin", data: "/t" }],
    ["--root re-roots every path", false, { root: "/r", distName: "d" }, { purelib: "/r/usr/lib/python3.11/site-packages", scripts: "/r/usr/bin", headers: "/r/usr/include/python3.11/d", data: "/r/usr" }],
    ["--prefix with --root", false, { prefix: "/opt/p", root: "/r" }, { purelib: "/r/opt/p/lib/python3.11/site-packages" }],
    ["a relative --target resolves against cwd", false, { target: "t", cwd: "/work" }, { purelib: "/work/t" }],
  ];
  for (const [what, venv, options, expected] of cases) {
    it(what, () => {
      const scheme = computeScheme(info(venv), options);
      for (const [key, value] of Object.entries(expected)) assert.equal(scheme[key as keyof typeof scheme], value, key);
    });
  }

  it("refuses --user with --prefix, and --user inside a venv without user site", () => {
    assert.throws(() => computeScheme(info(false), { user: true, prefix: "/p" }), /Can not combine '--user' and '--prefix'/);
    assert.throws(() => computeScheme(info(true), { user: true }), (e: Error & { code?: string }) => e.code === "user-site-unavailable");
  });

  it("changeRoot strips the leading slash", () => {
    assert.equal(changeRoot("/root", "/usr/lib"), "/root/usr/lib");
    assert.equal(changeRoot("/root", "rel/dir"), "/root/rel/dir");
  });
});
