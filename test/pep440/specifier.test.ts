import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidSpecifier, Specifier, SpecifierSet, Version } from "../../src/pep440/index.js";

type Flag = boolean | null;

// [spec, item, spec prereleases, contains prereleases, installed, expected] (answers recorded from packaging 26).
const containsTable: [string, string, Flag, Flag, Flag, boolean][] = [
  [">1.0", "1!0.5", null, null, null, true],
  ["<2.0", "1!1.0", null, null, null, false],
  ["==1!2.*", "2.0", null, null, null, false],
  [">=1!1.0", "1!1.0", null, null, null, true],
  ["<=1.0", "0!1.0", null, null, null, true],
  ["==1.0", "1.0+abc", null, null, null, true],
  ["==1.0+abc", "1.0+def", null, null, null, false],
  ["==1.0+abc", "1.0+ABC", null, null, null, true],
  ["<=1.0", "1.0+x", null, null, null, true],
  [">1.0", "1.0+x", null, null, null, false],
  [">=1.0", "1.0+x", null, null, null, true],
  ["<1.0", "1.0+x", null, null, null, false],
  ["!=1.0", "1.0+x", null, null, null, false],
  [">1.0a1", "1.0a2+x", null, null, null, true],
  [">1.0", "1.0.post1", null, null, null, false],
  [">1.0.post1", "1.0.post2", null, null, null, true],
  [">1.0.dev1", "1.0.post0", null, null, null, true],
  [">1.0", "1.0.1", null, null, null, true],
  ["<1.0", "1.0rc1", null, null, true, false],
  ["<1.0", "0.9", null, null, null, true],
  ["<1.0rc1", "1.0a1", null, null, null, true],
  ["<1.0.post1", "1.0.post1.dev0", null, null, true, false],
  ["<1.0.post1", "1.0", null, null, null, true],
  ["==2.0.*", "2", null, null, null, true],
  ["==2.*", "2.0a1", null, true, null, true],
  ["==2.*", "2.0a1", null, null, null, true],
  ["!=2.0.*", "2.1", null, null, null, true],
  ["!=2.0.*", "2.0.5", null, null, null, false],
  ["==1.0.*", "1.0.0.post1", null, null, null, true],
  ["==3.1.*", "3.10", null, null, null, false],
  ["==2.0.0.*", "2.0+loc", null, null, null, true],
  ["~=2.2", "2.9", null, null, null, true],
  ["~=2.2", "3.0", null, null, null, false],
  ["~=2.2.0", "2.3", null, null, null, false],
  ["~=1.4.5a4", "1.4.5", null, null, null, true],
  ["~=2.2.post3", "2.3", null, null, null, true],
  ["~=2.2", "2.1", null, null, null, false],
  ["~=1!2.0", "1!2.5", null, null, null, true],
  ["~=1!2.0", "2.5", null, null, null, false],
  ["===foobar", "FOOBAR", null, null, null, true],
  ["===1.0", "1.0.0", null, null, null, false],
  ["===1.0", "1.0", null, null, null, true],
  ["===1.0,>=0.5", "1.0", null, null, null, true],
  ["===lolwat", "lolwat", null, null, null, true],
  ["===1.0", " 1.0", null, null, null, false],
  [">=1.0", "2.0a1", null, null, null, true],
  [">=1.0", "2.0a1", false, null, null, false],
  [">=1.0", "2.0a1", null, false, null, false],
  [">=1.0", "2.0a1", false, null, true, true],
  [">=1.0", "2.0a1", true, false, null, false],
  [">=1.0a1", "2.0a1", null, false, null, false],
  ["!=1.0a1", "2.0a1", null, null, null, true],
  ["", "2.0a1", null, null, null, true],
  ["", "2.0a1", false, null, null, false],
  ["", "not a version", null, null, null, true],
  [">=1.0", "not a version", null, null, null, false],
  [">=1.0", "not a version", null, true, null, false],
  ["", "1.0", null, null, null, true],
];

test("SpecifierSet.contains: epochs, locals, post/pre rules, wildcards, ~=, ===, pre-release policy", () => {
  for (const [spec, item, specPre, pre, installed, expected] of containsTable) {
    const got = SpecifierSet.parse(spec, specPre).contains(item, { prereleases: pre, installed });
    assert.equal(got, expected, `${spec} (prereleases=${specPre}) contains ${item} (prereleases=${pre}, installed=${installed})`);
  }
});

// [spec, items, spec prereleases, filter prereleases, expected]
const filterTable: [string, string[], Flag, Flag, string[]][] = [
  [">=1.0", ["0.9", "1.1", "2.0a1"], null, null, ["1.1"]],
  [">=1.0", ["0.9", "2.0a1"], null, null, ["2.0a1"]],
  [">=1.0", ["1.1", "2.0a1"], null, true, ["1.1", "2.0a1"]],
  [">=1.0", ["1.1", "2.0a1"], true, null, ["1.1", "2.0a1"]],
  ["", ["1.3", "1.5a1", "junk"], null, null, ["1.3", "junk"]],
  ["", ["1.5a1", "junk"], null, null, ["1.5a1", "junk"]],
  ["", ["1.3", "1.5a1", "junk"], false, null, ["1.3", "junk"]],
  [">=1.0,<3", ["2.0a1", "2.0", "3.0", "x"], null, null, ["2.0"]],
  ["===x", ["x", "X", "1.0"], null, null, ["x", "X"]],
  [">=1.0,!=1.5", ["1.5a1", "1.5", "1.6b1"], null, null, ["1.5a1", "1.6b1"]],
  ["<2", ["2.0a1", "1.9"], null, true, ["1.9"]],
];

test("SpecifierSet.filter keeps order, drops pre-releases only when finals matched, keeps non-versions only for === or empty sets", () => {
  for (const [spec, items, specPre, pre, expected] of filterTable) {
    assert.deepEqual(SpecifierSet.parse(spec, specPre).filter(items, { prereleases: pre }), expected, `${spec} ${JSON.stringify(items)}`);
  }
});

test("filter with a key returns the original items", () => {
  const links = [{ v: "1.0" }, { v: "2.0" }, { v: "3.0b1" }];
  assert.deepEqual(SpecifierSet.parse(">1.5").filter(links, { key: (l) => l.v }), [{ v: "2.0" }]);
  assert.deepEqual(SpecifierSet.parse(">2.5").filter(links, { key: (l) => Version.parse(l.v) }), [{ v: "3.0b1" }]);
});

test("a Version item is compared by === in its normalized form, a string as written", () => {
  const set = SpecifierSet.parse("===1.0");
  assert.equal(set.contains(Version.parse("1.0")), true);
  assert.equal(set.contains(Version.parse("1.00")), true);
  assert.equal(set.contains("1.00"), false);
});

test("Specifier: fields, prereleases default, filter fallback to pre-releases", () => {
  const spec = Specifier.parse(" >= 1.0a1 ");
  assert.deepEqual([spec.operator, spec.version, spec.toString(), spec.prereleases], [">=", "1.0a1", ">=1.0a1", true]);
  const table: [string, Flag][] = [[">=1.0", false], ["!=1.0a1", false], ["==1.*", false], ["===foo", null], ["===1.0a1", true], ["~=1.0rc1", true]];
  for (const [text, expected] of table) assert.equal(Specifier.parse(text).prereleases, expected, text);
  assert.equal(Specifier.parse(">=1.0", true).prereleases, true);
  const ge = Specifier.parse(">=1.2.3");
  assert.deepEqual(ge.filter(["1.2", "1.3", "1.5a1"]), ["1.3"]);
  assert.deepEqual(ge.filter(["1.2", "1.5a1"]), ["1.5a1"]);
  assert.deepEqual(Specifier.parse(">=1.2.3", false).filter(["1.2", "1.5a1"]), []);
  assert.deepEqual(ge.filter(["1.3", "1.5a1"], { prereleases: true }), ["1.3", "1.5a1"]);
  assert.equal(ge.contains("1.5a1"), true);
  assert.equal(ge.contains("1.5a1", { prereleases: false }), false);
  assert.equal(Specifier.parse(">=1.2.3", false).contains("1.5a1", { installed: true }), true);
  assert.equal(ge.contains("nope"), false);
  assert.equal(Specifier.parse("===nope").contains("NOPE"), true);
  assert.ok(Specifier.parse("==1.0.0").equals(Specifier.parse("==1")));
  assert.ok(!Specifier.parse("~=1.0.0").equals(Specifier.parse("~=1.0")));
});

test("invalid clauses throw InvalidSpecifier with the input and the clause's span", () => {
  for (const text of ["2.0", "=>2.0", "<=1.0+abc", ">1.0.*", "==2.0a1.*", "==1.0.*.5", "~=1", "~=1.0+loc", "==1.2+İ", "~=1.2.3poſt1", "== 1.0 extra", ""]) {
    assert.throws(() => Specifier.parse(text), (error: unknown) => {
      assert.ok(error instanceof InvalidSpecifier, text);
      assert.equal(error.code, "invalid-specifier");
      assert.equal(error.input, text);
      return true;
    });
  }
  assert.throws(() => SpecifierSet.parse(">=1.0, foo ,<2"), (error: unknown) => {
    assert.ok(error instanceof InvalidSpecifier);
    assert.equal(error.input, ">=1.0, foo ,<2");
    assert.deepEqual(error.span, [7, 10]);
    assert.match(error.message, /'foo'/);
    return true;
  });
});

test("SpecifierSet: parse, normalized text, equality, and", () => {
  const set = SpecifierSet.parse(" >=1.0.0 , !=1.0.1,, ");
  assert.equal(set.toString(), "!=1.0.1,>=1.0.0");
  assert.equal(set.length, 2);
  assert.deepEqual([...set].map(String), [">=1.0.0", "!=1.0.1"]);
  assert.equal(SpecifierSet.parse("==1.0.0,==1.0,>=2").toString(), "==1.0,>=2");
  assert.ok(set.equals("!=1.0.1,>=1"));
  assert.ok(SpecifierSet.parse("").isEmpty);
  assert.equal(SpecifierSet.parse("").prereleases, null);
  assert.equal(SpecifierSet.parse(">=1.0,<2.0b1").prereleases, true);
  assert.equal(SpecifierSet.parse(">=1.0").prereleases, null);
  const merged = set.and("<=2.0.0,!=2.0.1");
  assert.equal(merged.toString(), "!=1.0.1,!=2.0.1,<=2.0.0,>=1.0.0");
  assert.equal(merged.contains("1.5"), true);
  assert.equal(merged.contains("2.0.1"), false);
  assert.equal(SpecifierSet.parse(">=1", true).and(SpecifierSet.parse("<2")).explicitPrereleases, true);
  assert.equal(SpecifierSet.parse(">=1").and(SpecifierSet.parse("<2", false)).explicitPrereleases, false);
  assert.throws(() => SpecifierSet.parse(">=1", true).and(SpecifierSet.parse("<2", false)), { code: "conflicting-prereleases" });
  assert.equal(SpecifierSet.fromSpecifiers([Specifier.parse("<2")], false).contains("1.0a1"), false);
  assert.equal(set.withPrereleases(false).contains("1.5a1"), false);
});
