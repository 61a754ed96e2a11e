/**
 * VCS references, editables and local directories end to end, against a git
 * repository this file creates (`repo/`, the project in `sub/`): tag `v1`
 * (1.0), branch `main` (2.0). git runs through a wrapper on PATH that logs
 * every invocation, so "clones nothing" is asserted on what git was asked.
 * pip (isolated) reads the results with `pip list` and `pip check`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findSetuptoolsWheel } from "../kit/artifacts.js";
import { cleanPythonEnv, pythonAvailable, tempDir } from "../kit/repo.js";
import { makeVenv, runCliAsync, runPython, sitePackagesOf } from "./env.js";

const gitAvailable = spawnSync("git", ["--version"], { stdio: "ignore" }).status === 0;
const skip = (!pythonAvailable() && "python3 not found") || (!gitAvailable && "git not found");
const dir = tempDir("e2e-vcs");
const repo = (): string => join(dir.path, "repo");
const repoUrl = (): string => `git+file://${repo()}`;
const gitLog = (): string => join(dir.path, "git.log");
const commits: Record<string, string> = {};

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", ["-c", "user.email=t@example.org", "-c", "user.name=t", ...args], { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A setuptools project (no [build-system]) with a console script. */
function writeProject(root: string, version: string): void {
  mkdirSync(join(root, "pa_vcs_demo"), { recursive: true });
  writeFileSync(join(root, "setup.py"), [
    "from setuptools import setup",
    `setup(name="pa-vcs-demo", version="${version}", packages=["pa_vcs_demo"],`,
    "      entry_points={'console_scripts': ['pa-vcs-demo = pa_vcs_demo:main']})",
    "",
  ].join("\n"));
  writeFileSync(join(root, "pa_vcs_demo", "__init__.py"), `VERSION = "${version}"\ndef main():\n    print("pa-vcs-demo", VERSION)\n`);
}

before(async () => {
  if (skip) return;
  mkdirSync(join(dir.path, "links"));
  copyFileSync(await findSetuptoolsWheel(), join(dir.path, "links", (await findSetuptoolsWheel()).split("/").pop()!));
  mkdirSync(repo());
  git(repo(), "init", "-q", "-b", "main");
  writeProject(join(repo(), "sub"), "1.0");
  writeFileSync(join(repo(), "README"), "not the project: it lives in sub/\n");
  git(repo(), "add", ".");
  git(repo(), "commit", "-qm", "1.0");
  git(repo(), "tag", "v1");
  commits.v1 = git(repo(), "rev-parse", "HEAD");
  writeProject(join(repo(), "sub"), "2.0");
  git(repo(), "commit", "-qam", "2.0");
  commits.main = git(repo(), "rev-parse", "HEAD");
  // git through a wrapper that logs each call.
  mkdirSync(join(dir.path, "wrap"));
  const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
  writeFileSync(join(dir.path, "wrap", "git"), `#!/bin/sh\necho "$*" >> '${gitLog()}'\nexec '${real}' "$@"\n`);
  chmodSync(join(dir.path, "wrap", "git"), 0o755);
});
after(() => dir.cleanup());

const cache = (): string => join(dir.path, "cache");
const wrappedPath = (): string => `${join(dir.path, "wrap")}:${process.env.PATH ?? ""}`;

/** `pip-accel install` into venv `name` from the find-links dir only; returns the run and what git was asked. */
async function install(venv: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; git: string[] }> {
  rmSync(gitLog(), { force: true });
  const run = await runCliAsync(["install", "--python", join(dir.path, venv), "--cache-dir", cache(), "--no-index", "-f", join(dir.path, "links"), ...args], dir.path, { PATH: wrappedPath() });
  const calls = existsSync(gitLog()) ? readFileSync(gitLog(), "utf8").trim().split("\n").filter(Boolean) : [];
  return { ...run, git: calls };
}

const sitePackages = (venv: string): string => sitePackagesOf(join(dir.path, venv));

function directUrl(venv: string): Record<string, unknown> {
  const info = readdirSync(sitePackages(venv)).find((d) => /^pa_vcs_demo-.*\.dist-info$/.test(d));
  assert.ok(info, `no pa_vcs_demo dist-info in ${venv}: ${readdirSync(sitePackages(venv)).join(", ")}`);
  return JSON.parse(readFileSync(join(sitePackages(venv), info, "direct_url.json"), "utf8")) as Record<string, unknown>;
}

/** pip itself, isolated from the machine's configuration, acting on `venv`. */
function pip(venv: string, ...args: string[]): { code: number; stdout: string } {
  const result = spawnSync("python3", ["-m", "pip", "--isolated", "--disable-pip-version-check", "--python", join(dir.path, venv, "bin", "python"), ...args], {
    env: cleanPythonEnv({ PIP_CONFIG_FILE: "/dev/null" }), encoding: "utf8",
  });
  return { code: result.status ?? -1, stdout: `${result.stdout}${result.stderr}` };
}

const fetches = (calls: readonly string[]): string[] => calls.filter((c) => /^(clone|fetch|init)\b/.test(c));
const version = (venv: string): string => runPython(join(dir.path, venv, "bin", "python"), "import pa_vcs_demo; print(pa_vcs_demo.VERSION)").trim();

test("a tag with #subdirectory: built from the commit, PEP 610 vcs_info recorded; a second venv clones and builds nothing", { skip }, async () => {
  makeVenv(join(dir.path, "tag1"));
  const requirement = `pa-vcs-demo @ ${repoUrl()}@v1#subdirectory=sub`;
  const first = await install("tag1", requirement);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Successfully installed pa-vcs-demo-1\.0/);
  assert.equal(version("tag1"), "1.0");
  assert.deepEqual(directUrl("tag1"), { url: `file://${repo()}`, subdirectory: "sub", vcs_info: { vcs: "git", commit_id: commits.v1, requested_revision: "v1" } });
  assert.ok(fetches(first.git).length > 0, `git was not asked to fetch: ${first.git.join(" | ")}`);
  assert.ok(!existsSync(join(dir.path, "tag1", "src")), "a non-editable VCS install makes no src/ checkout");

  makeVenv(join(dir.path, "tag2"));
  const second = await install("tag2", requirement);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(fetches(second.git), [], `second run fetched: ${second.git.join(" | ")}`);
  assert.deepEqual(second.git.map((c) => c.split(" ")[0]), ["ls-remote"], "only the tag is looked up again");
  assert.doesNotMatch(second.stdout, /Built /);
  assert.equal(version("tag2"), "1.0");
  const listed = pip("tag2", "list", "--format", "freeze");
  assert.equal(listed.code, 0, listed.stdout);
  assert.match(listed.stdout, /^pa-vcs-demo==1\.0$/m);
  const freeze = pip("tag2", "freeze");
  assert.match(freeze.stdout, new RegExp(`pa-vcs-demo @ git\\+file://${repo()}@${commits.v1}#subdirectory=sub`));
  assert.equal(pip("tag2", "check").code, 0);
});

test("a full commit id runs no git at all the second time; a branch resolves to its head", { skip }, async () => {
  makeVenv(join(dir.path, "commit"));
  const byCommit = await install("commit", `pa-vcs-demo @ ${repoUrl()}@${commits.v1}#subdirectory=sub`);
  assert.equal(byCommit.code, 0, byCommit.stderr);
  assert.deepEqual(byCommit.git, [], "the commit was checked out by the previous test: nothing to ask git");
  assert.equal(version("commit"), "1.0");

  const byBranch = await install("commit", `pa-vcs-demo @ ${repoUrl()}@main#subdirectory=sub`);
  assert.equal(byBranch.code, 0, byBranch.stderr);
  assert.match(byBranch.stdout, /Successfully installed pa-vcs-demo-2\.0/);
  assert.equal(version("commit"), "2.0");
  assert.equal((directUrl("commit").vcs_info as Record<string, string>).commit_id, commits.main);

  const again = await install("commit", `pa-vcs-demo @ ${repoUrl()}@main#subdirectory=sub`);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already satisfied/i);
  assert.deepEqual(fetches(again.git), []);

  const uninstall = await runCliAsync(["uninstall", "--python", join(dir.path, "commit"), "-y", "pa-vcs-demo"], dir.path);
  assert.equal(uninstall.code, 0, uninstall.stderr);
  assert.deepEqual(readdirSync(sitePackages("commit")).filter((f) => f.includes("vcs_demo")), []);
  assert.ok(!existsSync(join(dir.path, "commit", "bin", "pa-vcs-demo")));
});

test("-e PATH: imports see edits of the working copy without a reinstall; pip lists it as editable; pip uninstall removes it", { skip }, async () => {
  const work = join(dir.path, "work");
  cpSync(join(repo(), "sub"), work, { recursive: true });
  makeVenv(join(dir.path, "edit"));
  const run = await install("edit", "-e", "./work");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed pa-vcs-demo-2\.0/);
  assert.deepEqual(directUrl("edit"), { url: `file://${work}`, dir_info: { editable: true } });
  writeFileSync(join(work, "pa_vcs_demo", "__init__.py"), `VERSION = "edited"\ndef main():\n    print("pa-vcs-demo", VERSION)\n`);
  assert.equal(version("edit"), "edited");
  const script = spawnSync(join(dir.path, "edit", "bin", "pa-vcs-demo"), { encoding: "utf8", env: cleanPythonEnv() });
  assert.equal(script.stdout.trim(), "pa-vcs-demo edited", script.stderr);
  // setuptools' get_requires hook leaves pa_vcs_demo.egg-info in the working copy, as under pip.

  const listed = pip("edit", "list", "--editable");
  assert.match(listed.stdout, new RegExp(`pa-vcs-demo\\s+2\\.0\\s+${work}`));
  assert.equal(pip("edit", "check").code, 0);
  // pip stashes a whole directory when every file in it is uninstalled: keep site-packages non-empty.
  writeFileSync(join(sitePackages("edit"), "other.py"), "");
  const removed = pip("edit", "uninstall", "-y", "pa-vcs-demo");
  assert.equal(removed.code, 0, removed.stdout);
  assert.deepEqual(readdirSync(sitePackages("edit")).filter((f) => f.includes("vcs_demo")), []);
  assert.ok(existsSync(join(sitePackages("edit"), "other.py")));
  assert.ok(!existsSync(join(dir.path, "edit", "bin", "pa-vcs-demo")));
  assert.ok(existsSync(join(work, "pa_vcs_demo", "__init__.py")), "uninstalling an editable leaves the working copy");
});

test("-e git+…#egg=: cloned into the environment's src/ at the commit, importable from there, removed by pip-accel uninstall", { skip }, async () => {
  makeVenv(join(dir.path, "evcs"));
  const run = await install("evcs", "-e", `${repoUrl()}@v1#egg=pa-vcs-demo&subdirectory=sub`);
  assert.equal(run.code, 0, run.stderr);
  const clone = join(dir.path, "evcs", "src", "pa-vcs-demo");
  assert.equal(git(clone, "rev-parse", "HEAD"), commits.v1, "a real git working copy at the tag's commit");
  assert.equal(runPython(join(dir.path, "evcs", "bin", "python"), "import pa_vcs_demo; print(pa_vcs_demo.__file__)").trim(), join(clone, "sub", "pa_vcs_demo", "__init__.py"));
  assert.deepEqual(directUrl("evcs"), { url: `file://${join(clone, "sub")}`, dir_info: { editable: true } });
  const uninstall = await runCliAsync(["uninstall", "--python", join(dir.path, "evcs"), "-y", "pa-vcs-demo"], dir.path);
  assert.equal(uninstall.code, 0, uninstall.stderr);
  assert.deepEqual(readdirSync(sitePackages("evcs")).filter((f) => f.includes("vcs_demo")), []);
});

test("a local directory is rebuilt when its content changes and served from the cache when it does not; --trust-mtimes goes by mtimes", { skip }, async () => {
  const proj = join(dir.path, "local");
  writeProject(proj, "3.0");
  makeVenv(join(dir.path, "local-venv"));
  const first = await install("local-venv", "./local");
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Built pa-vcs-demo-3\.0/);
  const same = await install("local-venv", "./local");
  assert.equal(same.code, 0, same.stderr);
  assert.doesNotMatch(same.stdout, /Built /, "unchanged tree: the cached binary is used");
  writeFileSync(join(proj, "pa_vcs_demo", "__init__.py"), `VERSION = "3.0-changed"\n`);
  const changed = await install("local-venv", "./local");
  assert.equal(changed.code, 0, changed.stderr);
  assert.match(changed.stdout, /Built pa-vcs-demo-3\.0/, "changed content: built again, never the stale binary");
  assert.equal(version("local-venv"), "3.0-changed");
  assert.deepEqual(directUrl("local-venv"), { url: `file://${proj}`, dir_info: {} });

  const mtimeFirst = await install("local-venv", "--trust-mtimes", "./local");
  assert.equal(mtimeFirst.code, 0, mtimeFirst.stderr);
  const mtimeSame = await install("local-venv", "--trust-mtimes", "./local");
  assert.doesNotMatch(mtimeSame.stdout, /Built /);
  writeFileSync(join(proj, "pa_vcs_demo", "extra.py"), "X = 1\n");
  const mtimeChanged = await install("local-venv", "--trust-mtimes", "./local");
  assert.match(mtimeChanged.stdout, /Built pa-vcs-demo-3\.0/);
  assert.ok(existsSync(join(sitePackages("local-venv"), "pa_vcs_demo", "extra.py")));
});

test("resolve writes a VCS reference pinned to its commit and an editable as -e; two URLs for one project name both lines", { skip }, async () => {
  const out = await runCliAsync([
    "resolve", "--cache-dir", cache(), "--no-index", "-f", join(dir.path, "links"),
    `pa-vcs-demo @ ${repoUrl()}@main#subdirectory=sub`,
  ], dir.path, { PATH: wrappedPath() });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, new RegExp(`^pa-vcs-demo @ git\\+file://${repo()}@${commits.main}#subdirectory=sub$`, "m"));
  const editable = await runCliAsync(["resolve", "--cache-dir", cache(), "--no-index", "-f", join(dir.path, "links"), "-e", "./local"], dir.path);
  assert.equal(editable.code, 0, editable.stderr);
  assert.match(editable.stdout, new RegExp(`^-e file://${join(dir.path, "local")}$`, "m"));

  writeFileSync(join(dir.path, "two-urls.txt"), `pa-vcs-demo @ ${repoUrl()}@v1#subdirectory=sub\n-e ./local\n`);
  const conflict = await runCliAsync(["resolve", "--cache-dir", cache(), "--no-index", "-r", "two-urls.txt"], dir.path);
  assert.notEqual(conflict.code, 0);
  assert.match(conflict.stderr, /conflicting-urls/);
  assert.match(conflict.stderr, /two-urls\.txt \(line 1\)/);
  assert.match(conflict.stderr, /two-urls\.txt \(line 2\)/);
});

test("credentials in a VCS URL are never printed; without git the error says what to install", { skip }, async () => {
  makeVenv(join(dir.path, "errors"));
  const secret = await install("errors", "pa-vcs-demo @ git+https://bob:s3cr3t-token@127.0.0.1:9/repo.git@v1");
  assert.notEqual(secret.code, 0);
  assert.doesNotMatch(`${secret.stdout}${secret.stderr}`, /s3cr3t-token/);
  assert.match(secret.stderr, /bob:\*\*\*\*@127\.0\.0\.1/);

  const noGit = join(dir.path, "no-git");
  mkdirSync(noGit, { recursive: true });
  const missing = await runCliAsync(["install", "--python", join(dir.path, "errors"), "--cache-dir", cache(), "--no-index", `pa-vcs-demo @ ${repoUrl()}@v2`], dir.path, { PATH: noGit });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /git-missing/);
  assert.match(missing.stderr, /apt-get install git/);
});
