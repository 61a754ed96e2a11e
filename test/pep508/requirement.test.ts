import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidRequirement, parseRequirement } from "../../src/pep508/index.js";

test("parses every part of a full requirement", () => {
  const req = parseRequirement("Foo.Bar [ socks , Security ] ( >= 1.0 , < 2 ) ; python_version >= '3.8'");
  assert.equal(req.name, "Foo.Bar");
  assert.deepEqual(req.extras, ["Security", "socks"]);
  assert.equal(req.specifier.toString(), "<2,>=1.0");
  assert.equal(req.url, null);
  assert.equal(req.marker?.toString(), 'python_version >= "3.8"');
  assert.equal(req.toString(), 'Foo.Bar[Security,socks]<2,>=1.0; python_version >= "3.8"');
});

test("extras are de-duplicated and sorted; an empty list is allowed", () => {
  assert.deepEqual(parseRequirement("a[z,b,z]").extras, ["b", "z"]);
  assert.deepEqual(parseRequirement("a[ ]").extras, []);
  assert.equal(parseRequirement("a[]").toString(), "a");
});

test("URL requirements keep the URL verbatim and need whitespace before ';'", () => {
  const req = parseRequirement("pkg@ https://h/p.zip#sha256=ab;cd ; os_name == 'nt'");
  assert.equal(req.url, "https://h/p.zip#sha256=ab;cd");
  assert.equal(req.toString(), 'pkg @ https://h/p.zip#sha256=ab;cd ; os_name == "nt"');
  assert.equal(parseRequirement("pkg @ file:///x \t").toString(), "pkg @ file:///x");
  assert.equal(parseRequirement("pkg @ file:///x").specifier.toString(), "");
});

test("the location is kept on the requirement and on errors", () => {
  assert.equal(parseRequirement("a", { location: "r.txt:3" }).location, "r.txt:3");
  assert.throws(() => parseRequirement("a b", { location: "r.txt:4" }), (e: InvalidRequirement) => e.location === "r.txt:4");
});

test("markers of a requirement print normalized", () => {
  const req = parseRequirement("a;(os.name=='posix')and extra=='Foo_Bar'");
  assert.equal(req.marker?.toString(), 'os_name == "posix" and extra == "foo-bar"');
});

// [input, span] where span is the reference's caret: `~` over [start, end), `^` at end.
const errorColumns: [string, [number, number], RegExp][] = [
  ["", [0, 0], /package name/],
  ["==1.0", [0, 0], /package name/],
  ["name 1.0", [5, 5], /semicolon \(after name with no version specifier\)/],
  ["name==", [4, 4], /semicolon/],
  ["name >= 1.0 <= 2.0", [5, 12], /comma \(within version specifier\)/],
  ["name>=1\n", [4, 7], /comma/],
  ["name[bar baz]", [9, 9], /comma between extra names/],
  ["name[bar, baz,]", [14, 14], /extra name after comma/],
  ["name[bar, baz", [4, 13], /RIGHT_BRACKET/],
  ["name (>= 1.0", [5, 12], /RIGHT_PARENTHESIS/],
  ["black (>=20.*) ; extra == 'format'", [7, 12], /can only be used with `==` or `!=`/],
  ["name==1.2.3.post4.*", [4, 18], /cannot be used with pre-release/],
  ["name >= 1.0+local", [5, 11], /Local version label/],
  ["name @ ", [7, 7], /URL after @/],
  ["name @ https://e.com/; extra == 'x'", [7, 23], /after URL and whitespace/],
  ["name; python_version >= \"3\"\n", [27, 27], /end of dependency specifier/],
  ["name; os_name == \"C:\\\"", [17, 22], /Invalid quoted string/],
  ["name; '3.7' notin python_version", [12, 12], /marker operator/],
  ["name; '3.7' not python_version", [16, 16], /'in' after 'not'/],
  ["😀name", [0, 0], /package name/],
  ["na😀me", [2, 2], /semicolon/],
];

for (const [input, span, message] of errorColumns) {
  test(`rejects ${JSON.stringify(input)} at columns ${span.join("-")}`, () => {
    assert.throws(() => parseRequirement(input), (e: unknown) => {
      assert.ok(e instanceof InvalidRequirement);
      assert.equal(e.code, "invalid-requirement");
      assert.equal(e.input, input);
      assert.deepEqual(e.span, span);
      assert.match(e.message, message);
      return true;
    });
  });
}

test("columns count code points, as Python does", () => {
  assert.throws(() => parseRequirement("a; os_name == '😀' or"), (e: InvalidRequirement) => e.span?.[0] === 20);
});

test("=== swallows commas, then the specifier set rejects the clause after the comma", () => {
  assert.throws(() => parseRequirement("demo===x,y"), (e: InvalidRequirement) => /Invalid specifier: 'y'/.test(e.message));
  assert.equal(parseRequirement("demo===x,").specifier.toString(), "===x");
});

test("identifiers end on a word boundary, so a trailing '-' or '.' is not part of a name", () => {
  assert.throws(() => parseRequirement("foo-"), (e: InvalidRequirement) => e.span?.[0] === 3);
  assert.throws(() => parseRequirement("fooé"), (e: InvalidRequirement) => e.span?.[0] === 0);
  assert.equal(parseRequirement("a_b.c-d1").name, "a_b.c-d1");
});
