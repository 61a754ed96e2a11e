import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readBuildSystem } from "../../src/builder/build-system.js";
import { InvalidBuildSystemError, InvalidSdistError } from "../../src/builder/errors.js";
import { tempDir } from "../kit/repo.js";

describe("readBuildSystem", () => {
  const work = tempDir("buildsys");
  after(() => work.cleanup());
  let n = 0;
  const tree = (files: Record<string, string>): string => {
    const dir = join(work.path, `t${n++}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  const cases: Array<[string, Record<string, string>, Partial<ReturnType<typeof readBuildSystem>>]> = [
    ["setup.py only: PEP 518 default", { "setup.py": "" }, { requires: ["setuptools>=40.8.0"], backend: null, strategy: "setuptools", hasSetupPy: true }],
    ["pyproject without [build-system]", { "pyproject.toml": "[project]\nname='x'\n" }, { requires: ["setuptools>=40.8.0"], strategy: "setuptools", hasSetupPy: false }],
    ["setuptools backend", { "setup.py": "", "pyproject.toml": "[build-system]\nrequires=['setuptools==65.5.0']\nbuild-backend='setuptools.build_meta'\n" },
      { requires: ["setuptools==65.5.0"], backend: "setuptools.build_meta", strategy: "setuptools" }],
    ["legacy setuptools backend", { "pyproject.toml": "[build-system]\nrequires=['setuptools']\nbuild-backend='setuptools.build_meta:__legacy__'\n" }, { strategy: "setuptools" }],
    ["requires without backend", { "pyproject.toml": "[build-system]\nrequires=['setuptools', 'wheel']\n" }, { requires: ["setuptools", "wheel"], backend: null, strategy: "setuptools" }],
    ["hatchling", { "pyproject.toml": "[build-system]\nrequires=['hatchling']\nbuild-backend='hatchling.build'\n" }, { backend: "hatchling.build", strategy: "pep517" }],
    ["in-tree backend", { "pyproject.toml": "[build-system]\nrequires=[]\nbuild-backend='be'\nbackend-path=['backend']\n" }, { requires: [], backendPath: ["backend"], strategy: "pep517" }],
  ];
  for (const [label, files, expected] of cases) {
    it(label, () => {
      const got = readBuildSystem(tree(files));
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }

  const bad: Array<[string, Record<string, string>, new (...a: never[]) => Error]> = [
    ["no setup.py or pyproject", { "README": "" }, InvalidSdistError],
    ["invalid TOML", { "pyproject.toml": "[build-system\n" }, InvalidBuildSystemError],
    ["[build-system] without requires", { "pyproject.toml": "[build-system]\nbuild-backend='x'\n" }, InvalidBuildSystemError],
    ["requires not a list of strings", { "pyproject.toml": "[build-system]\nrequires='setuptools'\n" }, InvalidBuildSystemError],
    ["backend-path escaping the tree", { "pyproject.toml": "[build-system]\nrequires=[]\nbuild-backend='x'\nbackend-path=['../elsewhere']\n" }, InvalidBuildSystemError],
  ];
  for (const [label, files, error] of bad) it(`refuses: ${label}`, () => assert.throws(() => readBuildSystem(tree(files)), error));
});
