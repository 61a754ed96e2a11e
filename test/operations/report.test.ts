import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCoreMetadata } from "../../src/metadata/index.js";
import { buildInstallationReport, formatInstallationReport, metadataFromSource, redactCredentials } from "../../src/operations/report.js";
import type { ResolvedPin } from "../../src/resolver/lib.js";

const pin = (over: Partial<ResolvedPin>): ResolvedPin => ({
  name: "a", version: "1.0", extras: [], requested: false, source: "index", requiredHashes: [], reasons: [],
  file: { url: "https://u:p@example.org/a-1.0-py3-none-any.whl", filename: "a-1.0-py3-none-any.whl", hashes: { sha256: "ABC" }, isWheel: true, yanked: false },
  ...over,
});

const pins: ResolvedPin[] = [
  pin({ requested: true, extras: ["x", "b"] }),
  pin({ name: "b", version: "2", file: { url: "https://example.org/b-2.tar.gz", filename: "b-2.tar.gz", hashes: {}, isWheel: false, yanked: "bad" }, source: "direct" }),
  pin({ name: "c", version: "3", source: "installed", file: null }),
];

test("the report has pip's version-1 shape; installed pins are left out", () => {
  const report = buildInstallationReport({
    pins, version: "0.1.0", environment: { python_version: "3.11" },
    metadataFor: (p) => (p.name === "a" ? { metadata_version: "2.1", name: "a", version: "1.0", requires_dist: ["b"] } : null),
  });
  assert.deepEqual(report, {
    version: "1", pip_version: "0.1.0", environment: { python_version: "3.11" },
    install: [
      {
        download_info: { url: "https://example.org/a-1.0-py3-none-any.whl", archive_info: { hash: "sha256=abc", hashes: { sha256: "abc" } } },
        is_direct: false, is_yanked: false, requested: true, requested_extras: ["b", "x"],
        metadata: { metadata_version: "2.1", name: "a", version: "1.0", requires_dist: ["b"] },
      },
      {
        download_info: { url: "https://example.org/b-2.tar.gz", archive_info: {} },
        is_direct: true, is_yanked: true, requested: false, metadata: { metadata_version: "2.1", name: "b", version: "2" },
      },
    ],
  });
});

test("formatted as indented JSON with non-ASCII escaped", () => {
  const text = formatInstallationReport({ pins: [pins[0]!], version: "0.1.0", environment: {}, metadataFor: () => ({ name: "a", summary: "caf\u00e9" }) });
  assert.match(text, /"summary": "caf\\u00e9"/);
  assert.match(text, /^\{\n  "version": "1",\n  "pip_version": "0.1.0",/);
});

const urls: [string, string][] = [
  ["https://user:pw@h/x.whl", "https://h/x.whl"],
  ["https://git@h/x.whl", "https://git@h/x.whl"],
  ["https://h/x.whl", "https://h/x.whl"],
];
for (const [input, expected] of urls) test(`redactCredentials(${input})`, () => assert.equal(redactCredentials(input), expected));

test("metadataFromSource converts the resolution's core metadata to pip's JSON", () => {
  const core = parseCoreMetadata("Metadata-Version: 2.1\nName: a\nVersion: 1.0\nRequires-Dist: b\n\nBody");
  const lookup = metadataFromSource({ coreMetadataFor: (url) => (url === pins[0]!.file!.url ? core : null) });
  assert.deepEqual(lookup(pins[0]!), { metadata_version: "2.1", name: "a", version: "1.0", requires_dist: ["b"], description: "Body" });
  assert.equal(lookup(pins[1]!), null);
  assert.equal(lookup(pins[2]!), null);
});
