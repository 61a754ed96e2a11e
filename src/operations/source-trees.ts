/**
 * Source trees for the resolver (its `SourceTreeSource`): a VCS URL or a
 * local directory becomes an archive the rest of pip-accel treats like any
 * sdist.
 *
 * 1. Locate the tree: a `git+…` URL is resolved to a commit and checked out
 *    into the cache by commit (src/vcs; a `-e git+…` is cloned into the
 *    environment's `src/<name>` instead, as pip does); a `file:` URL is the
 *    directory itself. `#subdirectory=` picks a directory inside.
 * 2. Hash it (src/source-tree; content, or mtimes with `trustMtimes`) and
 *    pack it, once per hash, into `<cache>/trees-v1/<hash>/<name>-<version>.tar.gz`.
 *    The name and version come from static metadata (pyproject `[project]`,
 *    PKG-INFO) when they can, else from the builder's `egg_info` / PEP 517
 *    metadata hook on the packed archive (cached by its sha256, so the
 *    resolver's own metadata request is then a cache hit).
 * 3. Answer with the archive and the `SourceReference`: the URL as given,
 *    the URL pinned to the commit (for `resolve` output), PEP 610 data,
 *    whether it is editable, and the tree on disk.
 * Answers are memoised per URL for the run.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalizeName } from "../filenames/index.js";
import { readSdistMetadata } from "../metadata/index.js";
import { AccelError } from "../report/errors.js";
import type { CandidateMetadata, PreparedTree, SourceReference, SourceTreeSource } from "../resolver/lib.js";
import { isInstallableTree, packTree, treeHash, type TreeHashMode } from "../source-tree/index.js";
import { Git, parseVcsUrl, pinnedVcsUrl, redactCredentials, vcsDirectUrl, type VcsUrl } from "../vcs/index.js";
import { sha256Hex } from "../archive/digest.js";

export const TREES_BUCKET = "trees-v1";
/** Next to a packed tree without static metadata: what the builder read (so later runs, `resolve` included, need no build). */
const METADATA_FILE = "metadata.json";

export interface SourceTreeOptions {
  cacheDir: string;
  offline?: boolean;
  /** `mtime`: hash paths, sizes and modification times instead of contents. */
  hashMode?: TreeHashMode;
  /** True for URLs requested with `-e` (normalised as `editableKey` does). */
  isEditable?: (url: string) => boolean;
  /** Where `-e git+…` clones go (pip: `<prefix>/src`). */
  srcDir: string;
  /** Name and version of a packed tree whose static metadata does not say (the builder's metadata step). */
  metadataOf?: (archive: string) => Promise<CandidateMetadata>;
  git?: Git;
  env?: NodeJS.ProcessEnv;
}

/** A prepared tree with the project it turned out to be. */
export interface NamedTree extends PreparedTree {
  readonly name: string;
  readonly version: string;
}

interface LocatedTree {
  dir: string;
  vcs: VcsUrl | null;
  commit: string | null;
}

export class SourceTrees implements SourceTreeSource {
  private readonly memo = new Map<string, Promise<NamedTree>>();
  private readonly git: Git;

  constructor(private readonly options: SourceTreeOptions) {
    this.git = options.git ?? new Git({ cacheDir: options.cacheDir, offline: options.offline === true, ...(options.env ? { env: options.env } : {}) });
  }

  prepare(name: string, url: string): Promise<PreparedTree> {
    return this.tree(url, name);
  }

  /** The prepared tree for `url`; `name` (when known) names the clone directory of an editable VCS URL. */
  tree(url: string, name: string | null = null): Promise<NamedTree> {
    let found = this.memo.get(url);
    if (found === undefined) {
      found = this.make(url, name);
      this.memo.set(url, found);
    }
    return found;
  }

  private async make(url: string, name: string | null): Promise<NamedTree> {
    const editable = this.options.isEditable?.(url) ?? false;
    const located = await this.locate(url, name, editable);
    if (!existsSync(located.dir) || !statSync(located.dir).isDirectory()) {
      throw new AccelError("source-tree-missing", `${redactCredentials(url)}: ${located.dir} is not a directory`, { hint: "Check the path (or the #subdirectory= of the URL)." });
    }
    if (!isInstallableTree(located.dir)) {
      throw new AccelError("not-installable", `Directory '${located.dir}' is not installable. Neither 'setup.py' nor 'pyproject.toml' found.`, {
        hint: located.vcs === null ? "Point at the project's root directory." : "Add #subdirectory=PATH to the URL if the project is not at the repository's root.",
      });
    }
    const archive = await this.archiveFor(located.dir);
    const sha256 = sha256Hex(readFileSync(archive.path));
    const reference: SourceReference = {
      url, editable, sourceDir: located.dir, vcs: located.vcs === null ? null : "git", commit: located.commit,
      pinnedUrl: located.vcs === null || located.commit === null ? url.replace(/#egg=[^&]*&?/, "#").replace(/#$/, "") : pinnedVcsUrl(located.vcs, located.commit),
      directUrl: editable || located.vcs === null
        ? { url: located.vcs === null ? url.split("#")[0]! : new URL(`file://${located.dir}`).href, dir_info: editable ? { editable: true } : {} }
        : vcsDirectUrl(located.vcs, located.commit!),
    };
    const filename = archive.path.slice(archive.path.lastIndexOf("/") + 1);
    return {
      url: new URL(`file://${archive.path}`).href, filename, hashes: { sha256 }, reference, name: archive.name, version: archive.version,
      ...(archive.metadata !== undefined ? { metadata: archive.metadata } : {}),
    };
  }

  private async locate(url: string, name: string | null, editable: boolean): Promise<LocatedTree> {
    if (!/^file:/i.test(url)) {
      const vcs = parseVcsUrl(url);
      const commit = await this.git.resolveRevision(vcs);
      let root: string;
      if (editable) {
        const project = name ?? vcs.egg;
        if (project === null) throw new AccelError("unnamed-requirement", `Could not detect requirement name for '${redactCredentials(url)}', please specify one with #egg=your_package_name`);
        root = join(this.options.srcDir, canonicalizeName(project));
        await this.git.cloneInto(vcs, commit, root);
      } else {
        root = await this.git.checkout(vcs, commit);
      }
      return { dir: vcs.subdirectory === null ? root : join(root, vcs.subdirectory), vcs, commit };
    }
    const base = fileURLToPath(url.split("#")[0]!);
    const sub = /[#&]subdirectory=([^&]*)/.exec(url)?.[1];
    if (sub !== undefined && (sub.startsWith("/") || decodeURIComponent(sub).split(/[\\/]/).includes(".."))) {
      throw new AccelError("invalid-url", `${url}: subdirectory must stay inside the directory`);
    }
    return { dir: sub === undefined ? resolve(base) : join(base, decodeURIComponent(sub)), vcs: null, commit: null };
  }

  /** The packed tree for `dir` (made once per tree hash). */
  private async archiveFor(dir: string): Promise<{ path: string; name: string; version: string; metadata?: CandidateMetadata }> {
    const hash = treeHash(dir, this.options.hashMode ?? "content");
    const bucket = join(this.options.cacheDir, TREES_BUCKET, hash);
    const existing = existsSync(bucket) ? readdirSync(bucket).find((f) => f.endsWith(".tar.gz")) : undefined;
    if (existing !== undefined) {
      const stem = existing.slice(0, -".tar.gz".length);
      const dash = stem.lastIndexOf("-");
      const built = join(bucket, METADATA_FILE);
      return {
        path: join(bucket, existing), name: canonicalizeName(stem.slice(0, dash)), version: stem.slice(dash + 1),
        ...(existsSync(built) ? { metadata: JSON.parse(readFileSync(built, "utf8")) as CandidateMetadata } : {}),
      };
    }
    mkdirSync(join(this.options.cacheDir, TREES_BUCKET), { recursive: true });
    const work = mkdtempSync(join(this.options.cacheDir, TREES_BUCKET, `.tmp-${hash.slice(0, 12)}-`));
    try {
      const packed = join(work, "tree.tar.gz");
      await packTree(dir, packed, "tree");
      const found = readSdistMetadata(readFileSync(packed), "tree.tar.gz");
      let id: { name: string; version: string } | null = found.kind === "ok" && found.metadata.name !== null && found.metadata.version !== null
        ? { name: found.metadata.name, version: found.metadata.version } : null;
      let metadata: CandidateMetadata | undefined;
      if (id === null) {
        if (this.options.metadataOf === undefined) {
          throw new AccelError("source-tree-metadata", `${dir}: the project's name and version are not static, and no builder is configured to read them`);
        }
        metadata = await this.options.metadataOf(packed);
        id = { name: metadata.name!, version: metadata.version! };
        writeFileSync(join(work, METADATA_FILE), JSON.stringify(metadata));
      }
      const filename = `${canonicalizeName(id.name).replace(/-/g, "_")}-${id.version}.tar.gz`;
      renameSync(packed, join(work, filename));
      try {
        renameSync(work, bucket);
      } catch (error) {
        // Another process packed the same tree first.
        if (!existsSync(bucket)) throw error;
        return this.archiveFor(dir);
      }
      return { path: join(bucket, filename), name: canonicalizeName(id.name), version: id.version, ...(metadata !== undefined ? { metadata } : {}) };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
