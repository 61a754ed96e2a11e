/**
 * PEP 440 versions, matching `packaging.version.Version` (packaging 26.4).
 *
 * Parsing is a regex run once per distinct string (results are cached); the
 * comparison key (epoch, release without trailing zeros, six suffix ranks,
 * local parts) is computed at construction so `compare` is plain loops.
 */
import { AccelError } from "../report/errors.js";
import { cachedParse } from "./version-cache.js";

export class InvalidVersion extends AccelError {
  constructor(input: string) {
    super("invalid-version", `Invalid version: ${pyRepr(input)}`, { input, span: [0, input.length] });
  }
}

export type PreTag = "a" | "b" | "rc";

export interface VersionParts {
  epoch?: number;
  release: readonly number[];
  pre?: readonly [PreTag, number] | null;
  post?: number | null;
  dev?: number | null;
  /** Normalized or not: separators `-`/`_` become `.`, letters are lowercased. */
  local?: string | null;
}

type LocalPart = number | string;

/** Python's `repr` of a string, for messages that read like packaging's. */
export function pyRepr(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/'/g, "\\'")}'`;
}

// Python's str.isspace() set, which is what packaging's `\s*` and strip() use.
export const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const VERSION_RE = new RegExp(
  `^[${PY_SPACE}]*v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)` +
    "(?:[._-]?(alpha|a|beta|b|preview|pre|c|rc)[._-]?([0-9]+)?)?" +
    "(?:-([0-9]+)|[._-]?(post|rev|r)[._-]?([0-9]+)?)?" +
    "(?:[._-]?(dev)[._-]?([0-9]+)?)?" +
    `(?:\\+([a-z0-9]+(?:[._-][a-z0-9]+)*))?[${PY_SPACE}]*$`,
  "i",
);
const SIMPLE_RE = /^[0-9]+(?:\.[0-9]+)*$/;
const LOCAL_RE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/i;

const PRE_NAMES: Record<string, PreTag> = { a: "a", alpha: "a", b: "b", beta: "b", c: "rc", rc: "rc", pre: "rc", preview: "rc" };
const PRE_RANK: Record<PreTag, number> = { a: 0, b: 1, rc: 2 };

export class Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: readonly [PreTag, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
  readonly local: string | null;
  // Comparison key: release without trailing zeros, suffix ranks, local parts.
  private readonly trimmed: readonly number[];
  private readonly preRank: number;
  private readonly preN: number;
  private readonly postRank: number;
  private readonly devRank: number;
  private readonly localParts: readonly LocalPart[] | null;
  private text: string | null = null;
  private split: readonly string[] | null = null;

  private constructor(epoch: number, release: readonly number[], pre: readonly [PreTag, number] | null,
    post: number | null, dev: number | null, localParts: readonly LocalPart[] | null) {
    this.epoch = epoch;
    this.release = release;
    this.pre = pre;
    this.post = post;
    this.dev = dev;
    this.localParts = localParts;
    this.local = localParts === null ? null : localParts.join(".");
    let end = release.length;
    while (end > 0 && release[end - 1] === 0) end--;
    this.trimmed = end === release.length ? release : release.slice(0, end);
    if (pre === null) this.preRank = post === null && dev !== null ? -1 : 3;
    else this.preRank = PRE_RANK[pre[0]];
    this.preN = pre === null ? 0 : pre[1];
    this.postRank = post === null ? -1 : post;
    this.devRank = dev === null ? Infinity : dev;
  }

  /** Parses a version; throws InvalidVersion. Cached: equal strings give the same object. */
  static parse(text: string): Version {
    const version = cachedParse(text, parseUncached);
    if (version === null) throw new InvalidVersion(text);
    return version;
  }

  /** Builds a version from its parts (packaging's `Version.from_parts`). */
  static fromParts(parts: VersionParts): Version {
    const release = [...parts.release];
    if (release.length === 0 || !release.every(isCount)) throw new InvalidVersion(String(parts.release));
    const epoch = parts.epoch ?? 0;
    const pre = parts.pre ?? null;
    for (const n of [epoch, pre?.[1] ?? 0, parts.post ?? 0, parts.dev ?? 0]) {
      if (!isCount(n)) throw new InvalidVersion(String(n));
    }
    const local = parts.local ?? null;
    if (local !== null && !LOCAL_RE.test(local)) throw new InvalidVersion(local);
    const normalPre: [PreTag, number] | null = pre === null ? null : [pre[0], pre[1]];
    return new Version(epoch, release, normalPre, parts.post ?? null, parts.dev ?? null, local === null ? null : parseLocal(local));
  }

  /** A copy with some parts replaced (`null` clears a part), like packaging's `__replace__`. */
  replace(parts: Partial<VersionParts>): Version {
    return Version.fromParts({
      epoch: parts.epoch ?? this.epoch,
      release: parts.release ?? this.release,
      pre: "pre" in parts ? parts.pre : this.pre,
      post: "post" in parts ? parts.post : this.post,
      dev: "dev" in parts ? parts.dev : this.dev,
      local: "local" in parts ? parts.local : this.local,
    });
  }

  get isPrerelease(): boolean { return this.pre !== null || this.dev !== null; }
  get isPostrelease(): boolean { return this.post !== null; }
  get isDevrelease(): boolean { return this.dev !== null; }
  get major(): number { return this.release[0] ?? 0; }
  get minor(): number { return this.release[1] ?? 0; }
  get micro(): number { return this.release[2] ?? 0; }

  /** The normalized version without its local segment. */
  get public(): string {
    const text = this.toString();
    const plus = text.indexOf("+");
    return plus < 0 ? text : text.slice(0, plus);
  }

  /** Epoch and release only: `1!1.2.3` for `1!1.2.3rc1.post2+x`. */
  get baseVersion(): string {
    const release = this.release.join(".");
    return this.epoch ? `${this.epoch}!${release}` : release;
  }

  /** The normalized form (packaging's `str(Version)`). */
  toString(): string {
    if (this.text !== null) return this.text;
    let text = this.baseVersion;
    if (this.pre !== null) text += `${this.pre[0]}${this.pre[1]}`;
    if (this.post !== null) text += `.post${this.post}`;
    if (this.dev !== null) text += `.dev${this.dev}`;
    if (this.local !== null) text += `+${this.local}`;
    this.text = text;
    return text;
  }

  toJSON(): string { return this.toString(); }

  /** Negative, zero or positive as `this` sorts before, with or after `other` (PEP 440 order). */
  compare(other: Version): number {
    if (this === other) return 0;
    const order = this.comparePublic(other);
    if (order !== 0) return order;
    return compareLocal(this.localParts, other.localParts);
  }

  /** Like `compare`, ignoring both local segments. */
  comparePublic(other: Version): number {
    if (this.epoch !== other.epoch) return this.epoch < other.epoch ? -1 : 1;
    const a = this.trimmed;
    const b = other.trimmed;
    if (a !== b) {
      const n = a.length < b.length ? a.length : b.length;
      for (let i = 0; i < n; i++) {
        if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      }
      if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    }
    if (this.preRank !== other.preRank) return this.preRank < other.preRank ? -1 : 1;
    if (this.preN !== other.preN) return this.preN < other.preN ? -1 : 1;
    if (this.postRank !== other.postRank) return this.postRank < other.postRank ? -1 : 1;
    if (this.devRank !== other.devRank) return this.devRank < other.devRank ? -1 : 1;
    return 0;
  }

  equals(other: Version): boolean { return this.compare(other) === 0; }

  /**
   * The public version split the way packaging's wildcard matching splits it:
   * epoch, release numbers, then suffix pieces (`1.0rc1.post2` -> 0,1,0,rc1,post2). Cached.
   */
  wildcardSplit(): readonly string[] {
    if (this.split === null) {
      const parts = [String(this.epoch), ...this.release.map(String)];
      if (this.pre !== null) parts.push(`${this.pre[0]}${this.pre[1]}`);
      if (this.post !== null) parts.push(`post${this.post}`);
      if (this.dev !== null) parts.push(`dev${this.dev}`);
      this.split = parts;
    }
    return this.split;
  }

  /** @internal used by the parser. */
  static create(epoch: number, release: number[], pre: [PreTag, number] | null, post: number | null,
    dev: number | null, local: string | null): Version {
    return new Version(epoch, release, pre, post, dev, local === null ? null : parseLocal(local));
  }
}

function isCount(n: number): boolean { return Number.isInteger(n) && n >= 0; }

function parseLocal(local: string): LocalPart[] {
  return local.toLowerCase().split(/[._-]/).map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part));
}

function compareLocal(a: readonly LocalPart[] | null, b: readonly LocalPart[] | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const xs = typeof x === "string";
    if (xs !== (typeof y === "string")) return xs ? -1 : 1; // strings sort before numbers
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function parseUncached(text: string): Version | null {
  if (SIMPLE_RE.test(text)) return Version.create(0, text.split(".").map(Number), null, null, null, null);
  const m = VERSION_RE.exec(text);
  if (m === null) return null;
  const [, epoch, release, preL, preN, postN1, postL, postN2, devL, devN, local] = m;
  const pre: [PreTag, number] | null = preL === undefined ? null : [PRE_NAMES[preL.toLowerCase()]!, Number(preN ?? 0)];
  const post = postN1 !== undefined ? Number(postN1) : postL !== undefined ? Number(postN2 ?? 0) : null;
  const dev = devL !== undefined ? Number(devN ?? 0) : null;
  return Version.create(Number(epoch ?? 0), release!.split(".").map(Number), pre, post, dev, local ?? null);
}

/** Parses a version, or returns null when it is not PEP 440. Cached. */
export function parseVersion(text: string): Version | null {
  return cachedParse(text, parseUncached);
}

/** Sort comparator for versions (ascending). */
export function compareVersions(a: Version, b: Version): number {
  return a.compare(b);
}
