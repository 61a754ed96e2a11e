/** The bench's sanity check: distributions counted in a venv, without pip's and setuptools' own. */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../kit/repo.js";
import { installedCount } from "../../scripts/bench.js";

const work = tempDir("bench");
after(() => work.cleanup());

test("installedCount counts .dist-info directories except pip's and setuptools'", () => {
  const table: Array<[string[], number]> = [
    [[], 0],
    [["demo_geo-1.2.0.dist-info", "demo_geo"], 1],
    [["pip-23.2.1.dist-info", "setuptools-65.5.0.dist-info", "demo_units-0.9.3.dist-info", "bench_p01-1.0.0.dist-info"], 2],
    [["demo_cache-3.0.0.egg-info", "pipx_like-1.0.dist-info"], 1],
  ];
  table.forEach(([entries, expected], i) => {
    const venv = join(work.path, `venv-${i}`);
    const site = join(venv, "lib", "python3.11", "site-packages");
    mkdirSync(site, { recursive: true });
    for (const entry of entries) mkdirSync(join(site, entry));
    assert.equal(installedCount(venv), expected, entries.join(", "));
  });
});
