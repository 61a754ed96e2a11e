/**
 * Core metadata files (METADATA, PKG-INFO): RFC 822 style headers as
 * Python's `email.parser` (compat32) reads them, plus the conversion of a
 * legacy `.egg-info/requires.txt` into `Requires-Dist` lines
 * (pip-behaviour.md §4.5.2).
 */

export interface CoreMetadata {
  /** Header values by lower-cased field name, in file order (multi-use fields keep every value). */
  fields: Map<string, string[]>;
  /** The message body (the long description), if any. */
  body: string;
}

/** Parses METADATA / PKG-INFO text. Continuation lines (leading whitespace) are folded into the previous value. */
export function parseMetadata(text: string): CoreMetadata {
  const fields = new Map<string, string[]>();
  const lines = text.split(/\r?\n/);
  let last: { key: string; index: number } | null = null;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") { i++; break; }
    if (/^[ \t]/.test(line) && last !== null) {
      const values = fields.get(last.key) as string[];
      values[last.index] = `${values[last.index]}\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = fields.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(key, values);
    last = { key, index: values.length - 1 };
  }
  return { fields, body: lines.slice(i).join("\n") };
}

/** The first value of a field, or `null`. */
export function metadataField(metadata: CoreMetadata, name: string): string | null {
  return metadata.fields.get(name.toLowerCase())?.[0] ?? null;
}

/** Every value of a multi-use field (Requires-Dist, Provides-Extra, Classifier…). */
export function metadataFields(metadata: CoreMetadata, name: string): string[] {
  return metadata.fields.get(name.toLowerCase()) ?? [];
}

export interface EggRequires {
  requiresDist: string[];
  extras: string[];
}

/**
 * Converts setuptools' `requires.txt`: lines before any section are
 * unconditional; `[extra]` → `extra == "extra"`; `[extra:marker]` →
 * `(marker) and extra == "extra"`; `[:marker]` → `marker`.
 */
export function convertEggRequires(text: string): EggRequires {
  const requiresDist: string[] = [];
  const extras: string[] = [];
  let marker: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section !== null) {
      marker = sectionMarker(section[1] as string, extras);
      continue;
    }
    requiresDist.push(marker === null ? line : `${line} ; ${marker}`);
  }
  return { requiresDist, extras };
}

function sectionMarker(section: string, extras: string[]): string | null {
  const colon = section.indexOf(":");
  const extra = (colon < 0 ? section : section.slice(0, colon)).trim();
  const condition = colon < 0 ? "" : section.slice(colon + 1).trim();
  const normalized = extra.toLowerCase().replace(/[-_.]+/g, "-");
  if (extra !== "" && !extras.includes(normalized)) extras.push(normalized);
  const parts: string[] = [];
  if (condition !== "") parts.push(extra === "" ? condition : `(${condition})`);
  if (extra !== "") parts.push(`extra == "${normalized}"`);
  return parts.length === 0 ? null : parts.join(" and ");
}

/** PEP 503 normalisation: lower case, runs of `-_.` become `-`. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The name part of a `.dist-info` directory: normalised with `_` (binary distribution format spec). */
export function distInfoName(name: string, version: string): string {
  return `${name.toLowerCase().replace(/[-_.]+/g, "_")}-${version.replace(/-/g, "_")}.dist-info`;
}
