import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { dependencyMetadata, getAll, metadataToJson, metadataVersionOf, parseCoreMetadata } from "../../src/metadata/core-metadata.js";

const TEXT = [
  "Metadata-Version: 2.1",
  "Name: demo",
  "Version: 1.0",
  "Summary:   a demo",
  "License: line one",
  "        line two",
  "Keywords: a, b ,c",
  "Requires-Dist: idna>=2",
  "Requires-Dist: PySocks ; extra == \"socks\"",
  "Provides-Extra: socks",
  "Requires-Python: >=3.8",
  "Classifier: A",
  "Classifier: B",
  "X-Unknown: ignored",
  "",
  "The description.",
  "",
  "Second paragraph.",
].join("\n");

test("headers as compat32 reads them: continuation kept, leading blanks dropped, body after the blank line", () => {
  const md = parseCoreMetadata(TEXT);
  assert.deepEqual(getAll(md, "license"), ["line one\n        line two"]);
  assert.deepEqual(getAll(md, "SUMMARY"), ["a demo"]);
  assert.equal(md.body, "The description.\n\nSecond paragraph.");
  assert.deepEqual(metadataVersionOf(md), [2, 1]);
});

test("dependencyMetadata collects the multi-use fields", () => {
  const deps = dependencyMetadata(parseCoreMetadata(TEXT));
  assert.deepEqual(deps.requiresDist, ["idna>=2", "PySocks ; extra == \"socks\""]);
  assert.deepEqual([deps.name, deps.version, deps.requiresPython, deps.providesExtra], ["demo", "1.0", ">=3.8", ["socks"]]);
});

test("a line that is not a header starts the body; CRLF is accepted", () => {
  const md = parseCoreMetadata("Name: x\r\nVersion: 1\r\nnot a header\r\nmore\r\n");
  assert.deepEqual(md.headers.map(([k]) => k), ["Name", "Version"]);
  assert.equal(md.body, "not a header\nmore\n");
});

test("Dynamic values are lower-cased", () => {
  const deps = dependencyMetadata(parseCoreMetadata("Metadata-Version: 2.2\nName: x\nVersion: 1\nDynamic: Requires-Dist\n"));
  assert.deepEqual(deps.dynamic, ["requires-dist"]);
});

test("metadataToJson follows pip's msg_to_json", () => {
  const json = metadataToJson(parseCoreMetadata(TEXT));
  assert.deepEqual(json, {
    metadata_version: "2.1", name: "demo", version: "1.0", summary: "a demo", keywords: ["a", "b", "c"],
    license: "line one\n        line two", classifier: ["A", "B"], requires_dist: ["idna>=2", "PySocks ; extra == \"socks\""],
    requires_python: ">=3.8", provides_extra: ["socks"], description: "The description.\n\nSecond paragraph.",
  });
  assert.deepEqual(metadataToJson(parseCoreMetadata("Name: x\nKeywords: one two\n")).keywords, ["one", "two"]);
});

/** The parser as it was before it stopped splitting the body: split every line, join the body back. */
function splitEveryLine(text: string): { headers: [string, string][]; body: string } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const headers: [string, string][] = [];
  let i = 0;
  if (lines[0]?.startsWith("From ")) i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") { i++; break; }
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1]![1] += `\n${line}`;
      continue;
    }
    const m = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/.exec(line);
    if (m === null) break;
    headers.push([m[1]!, m[2]!]);
  }
  return { headers: headers.map(([k, v]) => [k, v.trimEnd()]), body: lines.slice(i).join("\n") };
}

test("headers and body are read exactly as a split of every line would read them (CR, LF, CRLF, BOM, From, continuations)", () => {
  const pieces = ["Name", ": ", "x", "\n", "\r", "\r\n", " ", "\t", "From ", "\uFEFF", "B:", "é", ":", "body"];
  fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
    const text = parts.join("");
    const got = parseCoreMetadata(text);
    assert.deepEqual({ headers: got.headers.map(([k, v]) => [k, v]), body: got.body }, splitEveryLine(text), JSON.stringify(text));
  }), { numRuns: 20_000, seed: 20261207 });
});
