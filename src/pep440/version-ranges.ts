/**
 * Specifier clauses as ranges on the version line, for `SpecifierSet.isUnsatisfiable`
 * (packaging 26's `_to_ranges`, `_intersect_ranges`, `_BoundaryVersion`).
 *
 * Some clauses end between two real versions: `<=1.0` includes every `1.0+local`,
 * `>1.0` excludes every `1.0.postN`. A `Boundary` is such a point:
 * `V < V+local < after-locals(V) < V.post0 < after-posts(V) < next release`.
 */
import { Version } from "./version.js";
import type { Specifier } from "./specifier.js";

const AFTER_LOCALS = 1;
const AFTER_POSTS = 2;

interface Boundary { readonly version: Version; readonly kind: typeof AFTER_LOCALS | typeof AFTER_POSTS }
type Point = Version | Boundary;
/** `version` null: unbounded. */
interface Bound { readonly version: Point | null; readonly inclusive: boolean }
export type VersionRange = readonly [lower: Bound, upper: Bound];

const MIN_VERSION = Version.parse("0.dev0");
const UNBOUNDED: Bound = { version: null, inclusive: false };
const FULL: VersionRange[] = [[UNBOUNDED, UNBOUNDED]];

function trimmedEqual(a: readonly number[], b: readonly number[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
  return true;
}

/** Is `other` one of the versions the boundary sorts above although it is not below it by key? */
function isFamily(boundary: Boundary, other: Version): boolean {
  const v = boundary.version;
  if (other.epoch !== v.epoch || !trimmedEqual(other.release, v.release)) return false;
  if ((other.pre?.[0] ?? null) !== (v.pre?.[0] ?? null) || (other.pre?.[1] ?? null) !== (v.pre?.[1] ?? null)) return false;
  if (boundary.kind === AFTER_LOCALS) return other.post === v.post && other.dev === v.dev;
  return other.dev === v.dev || other.post !== null;
}

function boundaryBefore(boundary: Boundary, other: Version): boolean {
  return !isFamily(boundary, other) && boundary.version.compare(other) < 0;
}

/** Order of two points; a boundary never equals a version. */
export function comparePoints(a: Point, b: Point): number {
  const av = a instanceof Version;
  const bv = b instanceof Version;
  if (av && bv) return a.compare(b);
  if (!av && !bv) return a.version.compare(b.version) || a.kind - b.kind;
  if (!av) return boundaryBefore(a, b as Version) ? -1 : 1;
  return boundaryBefore(b as Boundary, a) ? 1 : -1;
}

function lowerBefore(a: Bound, b: Bound): boolean {
  if (a.version === null) return b.version !== null;
  if (b.version === null) return false;
  const order = comparePoints(a.version, b.version);
  return order !== 0 ? order < 0 : a.inclusive && !b.inclusive;
}

function upperBefore(a: Bound, b: Bound): boolean {
  if (a.version === null) return false;
  if (b.version === null) return true;
  const order = comparePoints(a.version, b.version);
  return order !== 0 ? order < 0 : !a.inclusive && b.inclusive;
}

export function isEmptyRange([lower, upper]: VersionRange): boolean {
  if (lower.version === null || upper.version === null) return false;
  const order = comparePoints(lower.version, upper.version);
  return order === 0 ? !(lower.inclusive && upper.inclusive) : order > 0;
}

/** Intersects two sorted lists of disjoint ranges. */
export function intersectRanges(left: readonly VersionRange[], right: readonly VersionRange[]): VersionRange[] {
  const result: VersionRange[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const [ll, lu] = left[i]!;
    const [rl, ru] = right[j]!;
    const range: VersionRange = [lowerBefore(ll, rl) ? rl : ll, upperBefore(ru, lu) ? ru : lu];
    if (!isEmptyRange(range)) result.push(range);
    if (upperBefore(lu, ru)) i++;
    else j++;
  }
  return result;
}

const at = (version: Point, inclusive: boolean): Bound => ({ version, inclusive });
const nextPrefixDev0 = (v: Version, release: readonly number[]): Version =>
  Version.fromParts({ epoch: v.epoch, release: [...release.slice(0, -1), release[release.length - 1]! + 1], dev: 0 });

/** The ranges one clause admits (`===` admits everything here; it is checked as a string elsewhere). */
export function specifierRanges(spec: Specifier): VersionRange[] {
  const { operator, version: text } = spec;
  if (operator === "===") return FULL;
  if (text.endsWith(".*")) {
    const base = Version.parse(text.slice(0, -2));
    const lower = Version.fromParts({ epoch: base.epoch, release: base.release, dev: 0 });
    const upper = nextPrefixDev0(base, base.release);
    if (operator === "==") return [[at(lower, true), at(upper, false)]];
    return [[UNBOUNDED, at(lower, false)], [at(upper, true), UNBOUNDED]];
  }
  const v = Version.parse(text);
  const afterLocals: Boundary = { version: v, kind: AFTER_LOCALS };
  switch (operator) {
    case ">=": return [[at(v, true), UNBOUNDED]];
    case "<=": return [[UNBOUNDED, at(afterLocals, true)]];
    case ">":
      if (v.dev !== null) return [[at(v.replace({ dev: v.dev + 1, local: null }), true), UNBOUNDED]];
      if (v.post !== null) return [[at(v.replace({ post: v.post + 1, dev: 0, local: null }), true), UNBOUNDED]];
      return [[at({ version: v, kind: AFTER_POSTS }, false), UNBOUNDED]];
    case "<": {
      const bound = v.isPrerelease ? v : v.replace({ dev: 0, local: null });
      return bound.compare(MIN_VERSION) <= 0 ? [] : [[UNBOUNDED, at(bound, false)]];
    }
    case "~=": return [[at(v, true), at(nextPrefixDev0(v, v.release.slice(0, -1)), false)]];
    default: {
      const upper: Point = text.includes("+") ? v : afterLocals;
      if (operator === "==") return [[at(v, true), at(upper, true)]];
      return [[UNBOUNDED, at(v, false)], [at(upper, false), UNBOUNDED]];
    }
  }
}

/** The smallest version at or above `point` that is not a pre-release. */
function nearestFinal(point: Point): Version {
  if (point instanceof Version) return point.isPrerelease ? point.replace({ pre: null, dev: null, local: null }) : point;
  const inner = point.version;
  if (inner.isPrerelease) return inner.replace({ pre: null, dev: null, local: null });
  return inner.replace({ post: inner.post === null ? 0 : inner.post + 1, local: null });
}

/** True when every range holds pre-releases only (so `prereleases: false` leaves nothing). */
export function onlyPrereleases(ranges: readonly VersionRange[]): boolean {
  for (const [lower, upper] of ranges) {
    if (lower.version === null || upper.version === null) return false;
    const order = comparePoints(nearestFinal(lower.version), upper.version);
    if (order < 0 || (order === 0 && upper.inclusive)) return false;
  }
  return true;
}
