import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseRequirementsFile, resolveNested, RequirementsFileOpenError } from "../../src/requirements-file/index.js";
import { parseFiles } from "./helpers.js";
import { LOCAL_FILES } from "../../src/operations/local-files.js";

let dir = "";
const write = (rel: string, text: string): string => {
  const path = join(dir, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const names = (entries: Array<{ requirement: { name: string } | null }>) => entries.map((e) => e.requirement?.name);

before(() => { dir = mkdtempSync(join(tmpdir(), "reqfile-")); });
after(() => rmSync(dir, { recursive: true, force: true }));

describe("resolveNested", () => {
  const cases: Array<[string, string, string]> = [
    ["http://me.com/me/req_file.txt", "reqs.txt", "http://me.com/me/reqs.txt"],
    ["http://me.com/me/req_file.txt", "../x.txt", "http://me.com/x.txt"],
    ["file:///a/b.txt", "c.txt", "file:///a/c.txt"],
    ["/abs/parent/r.txt", "reqs.txt", "/abs/parent/reqs.txt"],
    ["parent/r.txt", "reqs.txt", "/cwd/parent/reqs.txt"],
    ["/abs/r.txt", "/abs/other/reqs.txt", "/abs/other/reqs.txt"],
    ["/abs/r.txt", "https://me.com/me/req_file.txt", "https://me.com/me/req_file.txt"],
    ["/abs/r.txt", "HTTP://me.com/x", "HTTP://me.com/x"],
  ];
  for (const [parent, child, expected] of cases) {
    test(`${parent} + ${child}`, () => assert.equal(resolveNested(parent, child, "/cwd"), expected));
  }
});

describe("nested files on disk", () => {
  test("read a file: comesFrom names the path", async () => {
    const path = write("simple.txt", "foo\n");
    const r = await parseRequirementsFile(path, { ...LOCAL_FILES, env: {} });
    assert.deepEqual(names(r.requirements), ["foo"]);
    assert.equal(r.requirements[0]!.comesFrom, `-r ${path} (line 1)`);
  });
  test("-c is relative to the parent file, not the cwd", async () => {
    const path = write("parent/req_file.txt", "-c reqs.txt\n");
    write("parent/reqs.txt", "hello\n");
    const r = await parseRequirementsFile(path, { ...LOCAL_FILES, cwd: "/", env: {} });
    assert.deepEqual(r.requirements, []);
    assert.deepEqual(names(r.constraints), ["hello"]);
    assert.equal(r.constraints[0]!.comesFrom, `-c ${join(dir, "parent/reqs.txt")} (line 1)`);
  });
  test("relative top-level path and -r", async () => {
    write("rel/parent/req_file.txt", "-r reqs.txt\n");
    write("rel/parent/reqs.txt", "x\n");
    const r = await parseRequirementsFile("./rel/parent/req_file.txt", { ...LOCAL_FILES, cwd: dir, env: {} });
    assert.deepEqual(names(r.requirements), ["x"]);
    assert.equal(r.requirements[0]!.constraint, false);
  });
  test("absolute nested path", async () => {
    const other = write("abs/other/reqs.txt", "y\n");
    const path = write("abs/r.txt", `-r ${other}\n`);
    assert.deepEqual(names((await parseRequirementsFile(path, { ...LOCAL_FILES, env: {} })).requirements), ["y"]);
  });
  test("-r inside a constraints file yields requirements", async () => {
    write("mix/r.txt", "z\n");
    const path = write("mix/c.txt", "-r r.txt\nw\n");
    const r = await parseRequirementsFile(path, { ...LOCAL_FILES, constraint: true, env: {} });
    assert.deepEqual(names(r.requirements), ["z"]);
    assert.deepEqual(names(r.constraints), ["w"]);
  });
  test("the same file twice without a cycle", async () => {
    write("rep/a.txt", "requests\n");
    write("rep/b.txt", "-r a.txt\n");
    const path = write("rep/c.txt", "-r a.txt\n-r b.txt\n");
    assert.deepEqual(names((await parseRequirementsFile(path, { ...LOCAL_FILES, env: {} })).requirements), ["requests", "requests"]);
  });
  test("recursion: 0→1→2→3→0, then 3→2", async () => {
    const p = [0, 1, 2, 3].map((i) => join(dir, "rec", `${i}.txt`));
    for (let i = 0; i < 3; i++) write(`rec/${i}.txt`, `-r ${i + 1}.txt\n`);
    write("rec/3.txt", "-r 0.txt\n");
    await assert.rejects(parseRequirementsFile(p[0]!, { ...LOCAL_FILES, env: {} }), (e: unknown) => {
      assert.equal((e as { code: string }).code, "requirements-file-parse");
      assert.equal((e as Error).message, `${p[0]} recursively references itself in ${p[3]}`);
      return true;
    });
    write("rec/3.txt", "-r 2.txt\n");
    await assert.rejects(parseRequirementsFile(p[0]!, { ...LOCAL_FILES, env: {} }),
      { message: `${p[2]} recursively references itself in ${p[3]} and again in ${p[1]}` });
  });
  test("recursion through relative paths", async () => {
    const root = write("rel2/root.txt", "-r nest/level_1.txt\n");
    write("rel2/nest/level_1.txt", "-r nest/level_2.txt\n");
    const level2 = write("rel2/nest/nest/level_2.txt", "-r ../../root.txt\n");
    await assert.rejects(parseRequirementsFile(root, { ...LOCAL_FILES, env: {} }),
      { message: `${root} recursively references itself in ${level2}` });
  });
  test("missing file and missing constraint file", async () => {
    await assert.rejects(parseRequirementsFile(join(dir, "nope.txt"), LOCAL_FILES), (e: unknown) =>
      e instanceof RequirementsFileOpenError && /^Could not open requirements file:/.test(e.message));
    await assert.rejects(parseRequirementsFile(join(dir, "nope.txt"), { ...LOCAL_FILES, constraint: true }), /Could not open constraint file:/);
  });
  test("missing nested file names the kind", async () => {
    const path = write("miss/r.txt", "-c gone.txt\n");
    await assert.rejects(parseRequirementsFile(path, LOCAL_FILES), /Could not open constraint file:/);
  });
  test("errors in nested files name the nested file and line", async () => {
    write("err/inner.txt", "ok\n\nbad==\n");
    const path = write("err/outer.txt", "-r inner.txt\n");
    await assert.rejects(parseRequirementsFile(path, { ...LOCAL_FILES, env: {} }), (e: unknown) => {
      assert.match((e as Error).message, new RegExp(`from line 3 of ${join(dir, "err/inner.txt").replace(/[.]/g, "\\.")}`));
      return true;
    });
  });
  test("BOM file on disk", async () => {
    const path = join(dir, "bom.txt");
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Django==1.4.2\n", "utf16le")]));
    assert.equal((await parseRequirementsFile(path, LOCAL_FILES)).requirements[0]!.requirement!.toString(), "Django==1.4.2");
  });
});

describe("URL includes through fetchUrl", () => {
  test("relative include inside a remote file", async () => {
    const fetched: string[] = [];
    const r = await parseRequirementsFile("http://me.com/me/req_file.txt", { ...LOCAL_FILES,
      env: {},
      fetchUrl: async (url) => {
        fetched.push(url);
        return { text: url.endsWith("req_file.txt") ? "-r reqs.txt\n" : "remote\n" };
      },
    });
    assert.deepEqual(fetched, ["http://me.com/me/req_file.txt", "http://me.com/me/reqs.txt"]);
    assert.deepEqual(names(r.requirements), ["remote"]);
    assert.equal(r.requirements[0]!.comesFrom, "-r http://me.com/me/reqs.txt (line 1)");
  });
  test("absolute URL include in a local file is fetched unchanged", async () => {
    const r = await parseFiles({ "/work/r.txt": "-r http://me.com/me/req_file.txt", "http://me.com/me/req_file.txt": "# only a comment\nq" }, "/work/r.txt");
    assert.deepEqual(r.files, ["/work/r.txt", "http://me.com/me/req_file.txt"]);
    assert.deepEqual(names(r.requirements), ["q"]);
  });
  test("URL recursion is detected by joined URL", async () => {
    await assert.rejects(parseFiles({ "http://h/a.txt": "-r b.txt", "http://h/b.txt": "-r ./a.txt" }, "http://h/a.txt"),
      { message: "http://h/a.txt recursively references itself in http://h/b.txt" });
  });
  test("without fetchUrl a URL is a clear error", async () => {
    await assert.rejects(parseRequirementsFile("https://h/r.txt", LOCAL_FILES), (e: unknown) =>
      e instanceof RequirementsFileOpenError && /no URL fetcher/.test(e.message) && e.hint !== undefined);
  });
  test("fetch failure is an open error", async () => {
    await assert.rejects(parseRequirementsFile("file:///x/r.txt", { ...LOCAL_FILES, fetchUrl: async () => { throw new Error("404"); } }),
      /Could not open requirements file: file:\/\/\/x\/r\.txt: 404/);
  });
});

describe("performance figure", () => {
  test("5,000-line file", async () => {
    const kinds = [
      (i: number) => `pkg${i}>=1.${i},<2 ; python_version >= "3.8" --hash=sha256:${"a".repeat(64)}`,
      (i: number) => `proj-${i}[extra]==${i}.0`,
      (i: number) => `https://h/p/w${i}-1.0-py3-none-any.whl`,
      (i: number) => `# comment ${i}`,
      (i: number) => `name${i} @ https://h/x-${i}.tar.gz`,
    ];
    const text = Array.from({ length: 5000 }, (_, i) => kinds[i % kinds.length]!(i)).join("\n");
    const start = performance.now();
    const r = await parseFiles({ "/work/big.txt": text }, "/work/big.txt");
    const ms = performance.now() - start;
    assert.equal(r.requirements.length, 4000);
    console.log(`# parsed 5,000-line requirements file in ${ms.toFixed(1)} ms`);
  });
});
