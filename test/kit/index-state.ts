/**
 * The model behind the local index server: projects by normalised name, each
 * with its files and a Last-Modified stamp from a monotonic clock (every change
 * moves it forward by at least a second, so `If-Modified-Since` works in fast tests).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { WireOptions } from "./index-wire.js";
import { type FileEntry, type Project, type ServedFile, normalizeName, splitFilename, toServedFile } from "./index-pages.js";

export interface IndexServerOptions {
  /**
   * A flat directory of distribution files, grouped into projects by filename. A file
   * `<name>.metadata` next to `<name>` becomes its PEP 658 metadata.
   */
  root?: string;
  /** Files per project (the key is the display name; pages use the normalised form). */
  projects?: Record<string, FileEntry[]>;
  /** Extra PEP 700 `versions` per project, for versions that have no files. */
  extraVersions?: Record<string, string[]>;
  /** A directory served as-is under `/static/` (hand-written pages, e.g. `test/fixtures/indexes`). */
  staticRoot?: string;
  /** How replies go on the wire (HTTP/1.0 and closing, no length, chunked, slow); see `index-wire.ts`. */
  wire?: WireOptions;
  /** Serve HTTPS with this key and certificate (PEM), e.g. `testTls()` of `tls-fixtures.ts`. */
  tls?: { key: string; cert: string };
}

/** The model behind the pages: projects by normalised name, with a monotonic clock. */
export class IndexState {
  readonly projects = new Map<string, Project>();
  /** One hour before start, so that If-Modified-Since "now" already yields 304. */
  private clock = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

  /** A Last-Modified stamp strictly later (by whole seconds) than every earlier one. */
  tick(): Date {
    this.clock = Math.max(Math.floor(Date.now() / 1000) * 1000, this.clock + 1000);
    return new Date(this.clock);
  }

  get initialTime(): Date {
    return new Date(this.clock);
  }

  add(projectName: string, entry: FileEntry, when: Date): void {
    const key = normalizeName(projectName);
    const file = toServedFile(entry, when, projectName);
    const project = this.projects.get(key) ?? { displayName: projectName, files: [], extraVersions: [], lastModified: when };
    project.files = project.files.filter((f) => f.entry.filename !== entry.filename);
    project.files.push(file);
    project.lastModified = when;
    this.projects.set(key, project);
  }

  remove(filename: string, when: Date): boolean {
    for (const project of this.projects.values()) {
      const before = project.files.length;
      project.files = project.files.filter((f) => f.entry.filename !== filename);
      if (project.files.length !== before) {
        project.lastModified = when;
        return true;
      }
    }
    return false;
  }

  findFile(filename: string): ServedFile | undefined {
    for (const project of this.projects.values()) {
      const file = project.files.find((f) => f.entry.filename === filename);
      if (file) return file;
    }
    return undefined;
  }

  /** The newest Last-Modified of all projects (for the root and find-links pages). */
  newest(): Date {
    let newest = this.initialTime.getTime();
    for (const p of this.projects.values()) newest = Math.max(newest, p.lastModified.getTime());
    return new Date(newest);
  }
}

function loadRoot(state: IndexState, root: string): void {
  const names = readdirSync(root).sort();
  for (const filename of names) {
    const full = path.join(root, filename);
    if (filename.endsWith(".metadata") || !statSync(full).isFile()) continue;
    const split = splitFilename(filename);
    if (!split) continue;
    const entry: FileEntry = { filename, path: full };
    if (names.includes(`${filename}.metadata`)) entry.metadata = readFileSync(path.join(root, `${filename}.metadata`), "utf8");
    state.add(split.name, entry, state.initialTime);
  }
}

/** The initial state from the server options. */
export function buildState(options: IndexServerOptions): IndexState {
  const state = new IndexState();
  if (options.root) loadRoot(state, options.root);
  for (const [name, entries] of Object.entries(options.projects ?? {})) {
    for (const entry of entries) state.add(name, entry, state.initialTime);
    if (entries.length === 0) state.projects.set(normalizeName(name), { displayName: name, files: [], extraVersions: [], lastModified: state.initialTime });
  }
  for (const [name, versions] of Object.entries(options.extraVersions ?? {})) {
    const key = normalizeName(name);
    const project = state.projects.get(key) ?? { displayName: name, files: [], extraVersions: [], lastModified: state.initialTime };
    project.extraVersions.push(...versions);
    state.projects.set(key, project);
  }
  return state;
}

