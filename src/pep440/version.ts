/**
 * PEP 440 versions. INTERIM: delegates to @renovatebot/pep440; the API shape is final.
 */
import * as pep440 from "@renovatebot/pep440";
import { AccelError } from "../report/errors.js";

export class InvalidVersion extends AccelError {
  constructor(input: string) {
    super("invalid-version", `Invalid version: '${input}'`, { input });
  }
}

export type PreTag = "a" | "b" | "rc";

export class Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: readonly [PreTag, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
  readonly local: string | null;

  private constructor(parts: { epoch: number; release: number[]; pre: [PreTag, number] | null; post: number | null; dev: number | null; local: string | null }) {
    this.epoch = parts.epoch;
    this.release = parts.release;
    this.pre = parts.pre;
    this.post = parts.post;
    this.dev = parts.dev;
    this.local = parts.local;
  }

  /** Parses a version; throws InvalidVersion. */
  static parse(text: string): Version {
    const v = pep440.explain(text);
    if (!v) throw new InvalidVersion(text);
    const post = Array.isArray(v.post) ? Number(v.post[1] ?? 0) : (v.post as unknown as number | null);
    const dev = Array.isArray(v.dev) ? Number(v.dev[1] ?? 0) : (v.dev as unknown as number | null);
    return new Version({
      epoch: v.epoch,
      release: v.release,
      pre: v.pre ? [v.pre[0] as PreTag, Number(v.pre[1])] : null,
      post: post ?? null,
      dev: dev ?? null,
      local: v.local,
    });
  }

  get isPrerelease(): boolean { return this.pre !== null || this.dev !== null; }
  get isPostrelease(): boolean { return this.post !== null; }
  get isDevrelease(): boolean { return this.dev !== null; }
  get public(): string { return this.toString().split("+")[0]!; }
  get baseVersion(): string { return (this.epoch ? `${this.epoch}!` : "") + this.release.join("."); }

  toString(): string {
    let s = (this.epoch ? `${this.epoch}!` : "") + this.release.join(".");
    if (this.pre) s += `${this.pre[0]}${this.pre[1]}`;
    if (this.post !== null) s += `.post${this.post}`;
    if (this.dev !== null) s += `.dev${this.dev}`;
    if (this.local) s += `+${this.local}`;
    return s;
  }

  compare(other: Version): number { return pep440.compare(this.toString(), other.toString()); }
  equals(other: Version): boolean { return this.compare(other) === 0; }
}

/** Parses a version, or returns null when it is not PEP 440. */
export function parseVersion(text: string): Version | null {
  try { return Version.parse(text); } catch { return null; }
}

/** Sort comparator for versions (ascending). */
export function compareVersions(a: Version, b: Version): number {
  return a.compare(b);
}
