import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  parseRequirementLine, parseEditableLine, allowedFormats, allowsPrereleases,
  InvalidRequirementLineError, RequirementsFileParseError,
} from "../../src/requirements-file/index.js";
import type { PathProbe } from "../../src/requirements-file/index.js";
import { NO_PATHS, parseText } from "./helpers.js";

const CLI = { kind: "command-line" } as const;

const line = { probe: NO_PATHS, cwd: "/work" };

async function rejectsWith(text: string, code: string, pattern: RegExp, hint?: RegExp): Promise<void> {
  await assert.rejects(parseText(text), (e: unknown) => {
    const err = e as { code: string; message: string; hint?: string };
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    if (hint) assert.match(err.hint ?? "", hint);
    return true;
  });
}

describe("requirement lines (pip TestProcessLine, §1.5)", () => {
  test("name and comesFrom", async () => {
    const r = await parseText("SomeProject");
    assert.equal(r.requirements.length, 1);
    const e = r.requirements[0]!;
    assert.equal(e.requirement?.name, "SomeProject");
    assert.equal(e.comesFrom, "-r /work/r.txt (line 1)");
    assert.deepEqual(e.origin, { kind: "file", file: "/work/r.txt", line: 1 });
    assert.equal(e.constraint, false);
  });
  test("constraint file gives -c comesFrom", async () => {
    const r = await parseText("SomeProject", { constraint: true });
    assert.equal(r.requirements.length, 0);
    assert.equal(r.constraints[0]!.comesFrom, "-c /work/r.txt (line 1)");
    assert.equal(r.constraints[0]!.constraint, true);
  });
  test("spaces in specifier", async () => {
    const r = await parseText("SomeProject >= 2");
    assert.equal(r.requirements[0]!.requirement!.specifier.toString(), ">=2");
  });
  test("PEP 508 URL requirement", async () => {
    const r = await parseText("SomeProject @ https://url/SomeProject-py2-py3-none-any.whl");
    assert.equal(r.requirements[0]!.requirement!.url, "https://url/SomeProject-py2-py3-none-any.whl");
  });
  test("hashes in order, per algorithm", async () => {
    const r = await parseText("pkg==1.0 --hash=sha256:h1 --hash=sha384:h2 --hash sha256:h3");
    assert.deepEqual(r.requirements[0]!.hashes, { sha256: ["h1", "h3"], sha384: ["h2"], sha512: [] });
  });
  test("config settings, repeated keys become lists", async () => {
    const r = await parseText('SomeProject --config-settings="yo3=yo4" --config-settings "yo1=yo2" -C yo1=z');
    assert.deepEqual(r.requirements[0]!.configSettings, { yo3: "yo4", yo1: ["yo2", "z"] });
  });
  test("marker then options", async () => {
    const r = await parseText("pkg; python_version < '3.8' --hash=sha256:aa");
    const e = r.requirements[0]!;
    assert.equal(e.requirement!.name, "pkg");
    assert.equal(e.marker!.toString(), 'python_version < "3.8"');
    assert.deepEqual(e.hashes.sha256, ["aa"]);
  });
  test("global option on a requirement line is ignored", async () => {
    const r = await parseText("pkg -i https://other");
    assert.deepEqual(r.options.indexUrls, ["https://pypi.org/simple"]);
    assert.equal(r.requirements[0]!.requirement!.name, "pkg");
    assert.deepEqual(r.warnings.map((w) => [w.code, w.message]),
      [["ignored-option", "/work/r.txt line 1: --index-url on a requirement line is ignored; put global options on a line of their own."]]);
  });
  test("comment after a URL", async () => {
    const r = await parseText("https://example.com/foo.tar.gz # Comment ");
    assert.equal(r.requirements[0]!.link!.url, "https://example.com/foo.tar.gz");
    assert.equal(r.requirements[0]!.requirement, null);
  });
  test("egg fragment names a URL", async () => {
    const r = await parseText("https://example.com/foo.tar.gz#egg=wat");
    assert.equal(r.requirements[0]!.requirement!.name, "wat");
  });
  test("env vars expanded into the link", async () => {
    const r = await parseText("https://${GITHUB_TOKEN}:x-oauth-basic@github.com/user/${DO_12_FACTOR}/archive/master.zip",
      { env: { GITHUB_TOKEN: "notarealtoken", DO_12_FACTOR: "awwyeah" } });
    assert.equal(r.requirements[0]!.link!.url, "https://notarealtoken:x-oauth-basic@github.com/user/awwyeah/archive/master.zip");
  });
  test("missing env vars left as written", async () => {
    const url = "https://${NON_EXISTENT_VARIABLE}:$WRONG_FORMAT@%WINDOWS_FORMAT%github.com/user/repo/archive/master.zip";
    const r = await parseText(url, { env: { NON_EXISTENT_VARIABLE: "" } });
    assert.equal(r.requirements[0]!.link!.url, url);
  });
  test("joined line keeps the first line number", async () => {
    const r = await parseText("# c\nfoo\\\n>=1 \\\n--hash=sha256:x");
    assert.equal(r.requirements[0]!.origin.kind === "file" && r.requirements[0]!.origin.line, 2);
    assert.equal(r.requirements[0]!.requirement!.toString(), "foo>=1");
  });
  test("latin-1 coding line", async () => {
    const bytes = Uint8Array.from([..."# coding=latin1\nDjango==1.4.2 # Pas trop de caf"].map((c) => c.charCodeAt(0)).concat(0xe9));
    const { parseFiles } = await import("./helpers.js");
    const r = await parseFiles({ "/work/r.txt": bytes }, "/work/r.txt");
    assert.equal(r.requirements[0]!.requirement!.toString(), "Django==1.4.2");
    assert.equal(r.warnings.length, 0);
  });
  test("undecodable UTF-8 warns once and falls back", async () => {
    const bytes = Uint8Array.from([..."pip<=24.0 # some comment"].map((c) => c.charCodeAt(0)).concat(0xff));
    const { parseFiles } = await import("./helpers.js");
    const r = await parseFiles({ "/work/r.txt": bytes }, "/work/r.txt");
    assert.equal(r.requirements[0]!.requirement!.toString(), "pip<=24.0");
    assert.deepEqual(r.warnings.map((w) => w.code), ["decode-fallback"]);
    assert.match(r.warnings[0]!.message, /PEP-263/);
  });
});

describe("requirement line errors", () => {
  const cases: Array<[string, string, string, RegExp, RegExp?]> = [
    ["unknown option", "--bogus", "requirements-file-parse", /no such option: --bogus/],
    ["bad hash names the line", "pkg==1.0.0 --hash=somehash", "requirements-file-parse", /pkg==1\.0\.0 --hash=somehash[\s\S]*must be a hash name/],
    ["weak hash", "pkg --hash=md5:abc", "requirements-file-parse", /Allowed hash algorithms for --hash are sha256, sha384, sha512/],
    ["shlex error", "--'data", "requirements-file-parse", /Could not split options/],
    ["config without =", "pkg -C novalue", "requirements-file-parse", /must be of the form KEY=VAL/],
    ["missing value", "--index-url", "requirements-file-parse", /--index-url option requires 1 argument/],
    ["flag with value", "--pre=1", "requirements-file-parse", /--pre option does not take a value/],
    ["ambiguous abbreviation", "--no", "requirements-file-parse", /ambiguous option: --no/],
    ["removed option", "--no-use-wheel", "requirements-file-parse", /no such option: --no-use-wheel/, /--no-binary/],
    ["removed install-option", "pkg --install-option=x", "requirements-file-parse", /no such option/, /config-settings/],
    ["bad use-feature", "--use-feature=resolvelib", "requirements-file-parse", /invalid choice: 'resolvelib'/],
    ["binary value starting with -", "--no-binary --pre", "requirements-file-parse", /requires 1 argument/],
    ["two requirements on a line", "req1 req2", "requirements-file-invalid-requirement", /Invalid requirement: 'req1 req2'/],
    ["= operator", "my-package=1.0", "requirements-file-invalid-requirement",
      /^Invalid requirement: 'my-package=1\.0': .* \(from line 1 of \/work\/r\.txt\)$/, /= is not a valid operator\. Did you mean == \?/],
    ["two markers", 'name; python_version == "1"; python_version == "2"', "requirements-file-invalid-requirement", /Invalid requirement/],
    ["egg with extras", "https://h/p/foo.tar.gz#egg=foo[bar]", "requirements-file-invalid-requirement", /egg fragment 'foo\[bar\]'/],
    ["invalid wheel filename", "https://h/invalid.whl", "requirements-file-invalid-requirement", /invalid\.whl/],
    ["editable in constraints via -c is checked", "-e", "requirements-file-parse", /-e option requires 1 argument/],
    ["non-vcs editable", "-e https://h/x.tar.gz", "requirements-file-invalid-requirement", /not a valid editable requirement/],
    ["nameless vcs editable", "-e git+https://h/r.git", "requirements-file-invalid-requirement", /Could not detect requirement name/],
    ["both hash modes", "--require-hashes\n--no-require-hashes", "requirements-file-parse", /cannot be combined/],
  ];
  for (const [name, text, code, pattern, hint] of cases) {
    test(name, () => rejectsWith(text, code, pattern, hint));
  }
  test("PEP 508 span and input are carried", async () => {
    await assert.rejects(parseText("\n\nmy-package=1.0"), (e: unknown) => {
      assert.ok(e instanceof InvalidRequirementLineError);
      assert.equal(e.input, "my-package=1.0");
      assert.deepEqual(e.span, [10, 10]);
      assert.match(e.message, /from line 3 of/);
      return true;
    });
  });
  test("editable constraint is refused", async () => {
    await assert.rejects(parseText("-e git+https://h/r#egg=x", { constraint: true }), /not allowed as constraints/);
  });
  test("valid sha256 hash passes", async () => {
    const r = await parseText("pkg==1.0.0 --hash=sha256:somehash");
    assert.equal(r.requirements.length, 1);
  });
  test("errors are RequirementsFileParseError instances", async () => {
    await assert.rejects(parseText("--bogus"), RequirementsFileParseError);
  });
});

describe("URL, path and marker classification (pip §1.4)", () => {
  const cases: Array<[string, string | null, string | null, string | null]> = [
    // input, requirement string, link url, marker
    ["https://h/foo.tar.gz;python_version>='3'", null, "https://h/foo.tar.gz;python_version>='3'", null],
    ["https://h/p/foo-1.0.tar.gz#egg=foo ; python_version >= '3'", 'foo; python_version >= "3"', "https://h/p/foo-1.0.tar.gz#egg=foo", 'python_version >= "3"'],
    ["https://h/p/foo-1.0-py3-none-any.whl", "foo==1.0", "https://h/p/foo-1.0-py3-none-any.whl", null],
    ["https://h/p/foo-1.0.tar.gz", null, "https://h/p/foo-1.0.tar.gz", null],
    ["http://x/?a=1;b=2", null, "http://x/?a=1;b=2", null],
    ["git+https://g/r.git@v1#egg=proj&subdirectory=sub", "proj", "git+https://g/r.git@v1#egg=proj&subdirectory=sub", null],
    ["foo==1.0 ; ", "foo==1.0", null, null],
    ["foo;python_version>'3'", 'foo; python_version > "3"', null, 'python_version > "3"'],
    ['semicolon; os_name == "a; b"', 'semicolon; os_name == "a; b"', null, 'os_name == "a; b"'],
    ["foo @ https://h/x.tar.gz ; python_version > '3'", 'foo @ https://h/x.tar.gz ; python_version > "3"', null, 'python_version > "3"'],
    ["pkg [ ext1, ext2 ] @ https://example.com/", "pkg[ext1,ext2] @ https://example.com/", null, null],
  ];
  for (const [input, req, url, marker] of cases) {
    test(input, () => {
      const e = parseRequirementLine(input, { kind: "command-line" }, line);
      assert.equal(e.requirement === null ? null : e.requirement.toString(), req);
      assert.equal(e.link?.url ?? null, url);
      assert.equal(e.marker === null ? null : e.marker.toString(), marker);
      assert.equal(e.comesFrom, null);
    });
  }
  test("bare dash is invalid on the command line", () => {
    assert.throws(() => parseRequirementLine("-", CLI, line), /Invalid requirement: '-'/);
  });
  test("link fragments", () => {
    const e = parseRequirementLine("git+https://g/r.git@v1#egg=proj&subdirectory=sub&sha256=abc", CLI, line);
    assert.equal(e.link!.isVcs, true);
    assert.equal(e.link!.vcs, "git");
    assert.equal(e.link!.subdirectory, "sub");
    assert.deepEqual(e.link!.hashFragment, { algorithm: "sha256", value: "abc" });
  });
  test("missing wheel file with extras warns and names the wheel", () => {
    const warnings: Array<{ code: string }> = [];
    const e = parseRequirementLine("simple-0.1-py2.py3-none-any.whl[ext]", CLI, { ...line, warnings: warnings as never });
    assert.equal(e.requirement!.toString(), "simple[ext]==0.1");
    assert.deepEqual(e.extras, ["ext"]);
    assert.equal(e.link!.url, "file:///work/simple-0.1-py2.py3-none-any.whl");
    assert.deepEqual(warnings.map((w) => w.code), ["missing-archive-file"]);
  });
  test("archive name with @ and a non-path prefix is PEP 508", () => {
    const e = parseRequirementLine("foo @ https://h/foo-1.0.tar.gz", CLI, line);
    assert.equal(e.requirement!.name, "foo");
    assert.equal(e.link, null);
  });
  const dirs: PathProbe = {
    isDirectory: (p) => p === "/work/proj" || p === "/work/empty" || p === "/work",
    isFile: (p) => p === "/work/proj/setup.py" || p === "/work/pyproject.toml" || p === "/work/dist/x-1.0.tar.gz",
    exists: (p) => p.startsWith("/work"),
  };
  test("local project directory with extras", () => {
    const e = parseRequirementLine(".[ex1,ex2]", CLI, { cwd: "/work", probe: dirs });
    assert.equal(e.requirement, null);
    assert.equal(e.link!.url, "file:///work");
    assert.equal(e.link!.isDirectory, true);
    assert.deepEqual(e.extras, ["ex1", "ex2"]);
  });
  test("directory without setup.py or pyproject.toml", () => {
    assert.throws(() => parseRequirementLine("./empty", CLI, { cwd: "/work", probe: dirs }), /Directory '\.\/empty' is not installable/);
  });
  test("bare directory name is a project name", () => {
    assert.equal(parseRequirementLine("proj", CLI, { cwd: "/work", probe: dirs }).requirement!.name, "proj");
  });
  test("existing archive path", () => {
    const e = parseRequirementLine("dist/x-1.0.tar.gz", CLI, { cwd: "/work", probe: dirs });
    assert.equal(e.link!.url, "file:///work/dist/x-1.0.tar.gz");
    assert.equal(e.link!.isPath, true);
  });
  test("file URL with ../ is normalised", () => {
    assert.equal(parseRequirementLine("file:///work/a/../x-1.0.tar.gz", CLI, line).link!.url, "file:///work/x-1.0.tar.gz");
  });
  test("path-looking invalid requirement gets the path hint", () => {
    assert.throws(() => parseRequirementLine("./nope/x", CLI, line),
      (e: unknown) => (e as { hint: string }).hint === "It looks like a path. File './nope/x' does not exist.");
  });
});

describe("editables (pip parse_editable)", () => {
  test("VCS with egg", async () => {
    const r = await parseText("-e git+https://url#egg=SomeProject");
    const e = r.requirements[0]!;
    assert.equal(e.editable, true);
    assert.equal(e.requirement!.name, "SomeProject");
    assert.equal(e.link!.isVcs, true);
  });
  test("PEP 508 form keeps extras and marker", () => {
    const e = parseEditableLine('foo[extra] @ svn+http://foo ; os_name == "nt"', CLI, line);
    assert.equal(e.requirement!.name, "foo");
    assert.deepEqual(e.extras, ["extra"]);
    assert.equal(e.link!.url, "svn+http://foo");
    assert.equal(e.marker!.toString(), 'os_name == "nt"');
  });
  test("svn+https with egg", () => {
    assert.equal(parseEditableLine("svn+https://foo#egg=foo", CLI, line).requirement!.name, "foo");
  });
  test("git: shorthand gets git+", () => {
    assert.equal(parseEditableLine("git://g/r#egg=r", CLI, line).link!.url, "git+git://g/r#egg=r");
  });
  test("local directory with extras", () => {
    const probe: PathProbe = { isDirectory: (p) => p === "/work", isFile: () => false, exists: () => true };
    const e = parseEditableLine(".[Extras]", CLI, { cwd: "/work", probe });
    assert.equal(e.requirement, null);
    assert.equal(e.link!.url, "file:///work");
    assert.deepEqual(e.extras, ["extras"]);
  });
  test("config settings apply to editables, hashes do not", async () => {
    const r = await parseText("-e git+https://u#egg=p -C a=b --hash=sha256:x");
    assert.deepEqual(r.requirements[0]!.configSettings, { a: "b" });
    assert.deepEqual(r.requirements[0]!.hashes.sha256, []);
  });
});

describe("option lines (pip TestOptionVariants, finder tests)", () => {
  for (const text of ["-i url", "-i 'url'", "--index-url=url", "--index-url url", "--index-url='url'", "-iurl", "--pypi-url url", "--index url"]) {
    test(`index url: ${text}`, async () => assert.deepEqual((await parseText(text)).options.indexUrls, ["url"]));
  }
  test("--no-index clears and is sticky", async () => {
    const r = await parseText("--no-index\n--index-url=url\n--extra-index-url=x");
    assert.deepEqual(r.options.indexUrls, []);
    assert.equal(r.options.noIndex, true);
  });
  test("extra index urls append", async () => {
    const r = await parseText("--extra-index-url url1 \n--extra-index-url url2 ", { initialOptions: { indexUrls: [] } });
    assert.deepEqual(r.options.indexUrls, ["url1", "url2"]);
  });
  test("extra index appends to the default index", async () => {
    assert.deepEqual((await parseText("--extra-index-url=u")).options.indexUrls, ["https://pypi.org/simple", "u"]);
  });
  test("-i replaces earlier extras", async () => {
    assert.deepEqual((await parseText("--extra-index-url=a\n-i b")).options.indexUrls, ["b"]);
  });
  test("find links, first value per line", async () => {
    assert.deepEqual((await parseText("--find-links=url -f other\n-f x")).options.findLinks, ["url", "x"]);
  });
  test("find links relative to the file when it exists", async () => {
    const probe: PathProbe = { ...NO_PATHS, exists: (p) => p === "/work/sub/rel_path" };
    const { parseFiles } = await import("./helpers.js");
    const r = await parseFiles({ "/work/sub/r.txt": "--find-links=rel_path\n-f missing" }, "sub/r.txt", { probe });
    assert.deepEqual(r.options.findLinks, ["/work/sub/rel_path", "missing"]);
  });
  test("trusted hosts with their source", async () => {
    const r = await parseText("--trusted-host=host1 --trusted-host=host2:8080");
    assert.deepEqual(r.options.trustedHosts, [
      { host: "host1", source: "line 1 of /work/r.txt" }, { host: "host2:8080", source: "line 1 of /work/r.txt" },
    ]);
  });
  const release: Array<[string, string[], string[]]> = [
    ["--pre", [":all:"], []],
    ["--all-releases :all:", [":all:"], []],
    ["--all-releases pkg1,Pkg_2", ["pkg1", "pkg-2"], []],
    ["--only-final :all:", [], [":all:"]],
    ["--only-final pkg1,pkg2", [], ["pkg1", "pkg2"]],
    ["--all-releases a\n--only-final a", [], ["a"]],
  ];
  for (const [text, all, final] of release) {
    test(`release control: ${JSON.stringify(text)}`, async () => {
      assert.deepEqual((await parseText(text)).options.releaseControl, { allReleases: all, onlyFinal: final });
    });
  }
  const format: Array<[string, string[], string[]]> = [
    ["--no-binary fred\n--only-binary wilma", ["fred"], ["wilma"]],
    ["--only-binary=:all: --no-binary pkgA,pkgB", ["pkga", "pkgb"], [":all:"]],
    ["--no-binary a\n--only-binary a", [], ["a"]],
    ["--no-binary :all:\n--only-binary :none:", [":all:"], []],
    ["--no-binary :all:,:none:,x", ["x"], []],
    ["pkg --no-binary y", ["y"], []],
  ];
  for (const [text, noBinary, onlyBinary] of format) {
    test(`format control: ${JSON.stringify(text)}`, async () => {
      assert.deepEqual((await parseText(text)).options.formatControl, { noBinary, onlyBinary });
    });
  }
  test("format and release lookups", () => {
    const fc = { noBinary: [":all:"], onlyBinary: ["Wilma"] };
    assert.deepEqual(allowedFormats({ noBinary: [":all:"], onlyBinary: ["wilma"] }, "Wilma"), { binary: true, source: false });
    assert.deepEqual(allowedFormats(fc, "fred"), { binary: false, source: true });
    assert.equal(allowsPrereleases({ allReleases: [], onlyFinal: [] }, "x"), null);
    assert.equal(allowsPrereleases({ allReleases: [":all:"], onlyFinal: ["x"] }, "X"), false);
  });
  test("flags and features", async () => {
    const r = await parseText("--prefer-binary\n--require-hashes\n--use-feature=fast-deps\n--use-feature fast-deps --use-feature truststore");
    assert.equal(r.options.preferBinary, true);
    assert.equal(r.options.requireHashes, true);
    assert.deepEqual(r.options.useFeatures, ["fast-deps", "truststore"]);
  });
  test("hash on an option line warns", async () => {
    const r = await parseText("--pre --hash=sha256:x");
    assert.deepEqual(r.warnings.map((w) => w.code), ["hash-without-requirement"]);
  });
  test("comment-only file", async () => {
    const r = await parseText("# Comment ");
    assert.equal(r.requirements.length + r.constraints.length, 0);
  });
});
