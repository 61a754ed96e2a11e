/**
 * node dist/scripts/bench-pep440.js [vectors.json]
 * Times the specifier.contains records of a vectors file (cold: first pass,
 * parsing everything; warm: later passes with parsed objects), a loop of
 * contains on prebuilt sets, and a sort of 100,000 versions.
 */
import { readFileSync } from "node:fs";
import { Specifier, SpecifierSet, Version, parseVersion } from "../src/pep440/index.js";

interface ContainsRecord { cls: string; spec: string; spec_prereleases: boolean | null; item: string | { $version: string }; prereleases: boolean | null; installed: boolean | null }

function build(r: ContainsRecord): Specifier | SpecifierSet {
  return r.cls === "Specifier" ? Specifier.parse(r.spec, r.spec_prereleases) : SpecifierSet.parse(r.spec, r.spec_prereleases);
}
function item(r: ContainsRecord): string | Version {
  return typeof r.item === "string" ? r.item : Version.parse(r.item.$version);
}
function time(label: string, count: number, run: () => void): void {
  const start = performance.now();
  run();
  const ms = performance.now() - start;
  process.stdout.write(`${label.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms  ${((ms * 1e6) / count).toFixed(0).padStart(6)} ns/op\n`);
}

const file = process.argv[2] ?? "vendor-tests/packaging.json";
const records = (JSON.parse(readFileSync(file, "utf8")) as { specifier: { contains: ContainsRecord[] } }).specifier.contains;
let sink = 0;
time(`all ${records.length} contains records, cold (parse + contains)`, records.length, () => {
  for (const r of records) if (build(r).contains(item(r), r)) sink++;
});
time(`all ${records.length} contains records, again (parse + contains)`, records.length, () => {
  for (const r of records) if (build(r).contains(item(r), r)) sink++;
});
const prepared = records.map((r) => ({ set: build(r), item: item(r), options: r }));
time(`contains on prebuilt sets, first round (compiles clauses)`, records.length, () => {
  for (const p of prepared) if (p.set.contains(p.item, p.options)) sink++;
});
const rounds = 100;
time(`contains on prebuilt sets, warm, ${rounds} x ${records.length}`, rounds * records.length, () => {
  for (let i = 0; i < rounds; i++) for (const p of prepared) if (p.set.contains(p.item, p.options)) sink++;
});
const texts: string[] = [];
for (let i = 0; i < 100_000; i++) {
  const pre = i % 7 === 0 ? `rc${i % 3}` : "";
  const post = i % 11 === 0 ? `.post${i % 4}` : "";
  texts.push(`${i % 5}!${(i * 7919) % 97}.${(i * 31) % 13}.${i % 17}${pre}${post}${i % 13 === 0 ? "+local.7" : ""}`);
}
time("parse 100,000 distinct versions", texts.length, () => { for (const t of texts) if (parseVersion(t)) sink++; });
const versions = texts.map((t) => Version.parse(t));
time("sort 100,000 versions (~1.7M compares)", 1_700_000, () => { versions.sort((a, b) => a.compare(b)); });
process.stdout.write(`(${sink})\n`);
