/**
 * The per-operator match of one clause against a parsed version, following
 * packaging 26.4's `Specifier._compare_*` methods. Everything that depends
 * only on the clause is computed once, in `compileMatcher`.
 */
import { Version } from "./version.js";
import { compatiblePrefix, numericPrefixLength, versionSplit, type Operator } from "./specifier-grammar.js";
import { canonicalizeVersion } from "./canonicalize.js";

/** Matches a parsed candidate; `text` is the candidate as given (for `===`). */
export type Matcher = (candidate: Version, text: string) => boolean;

interface WildcardSplit { split: readonly string[]; numeric: number }

function wildcardSplit(prefix: string): WildcardSplit {
  const split = versionSplit(canonicalizeVersion(prefix, { stripTrailingZero: false }));
  return { split, numeric: numericPrefixLength(split) };
}

/** packaging's prefix match: pad the candidate's release with zeros, cut, compare piecewise. */
function prefixMatches(candidate: Version, spec: WildcardSplit): boolean {
  const own = candidate.wildcardSplit();
  const ownNumeric = 1 + candidate.release.length;
  const padded = ownNumeric >= spec.numeric ? own
    : [...own.slice(0, ownNumeric), ...new Array<string>(spec.numeric - ownNumeric).fill("0"), ...own.slice(ownNumeric)];
  const wanted = spec.split;
  if (padded.length < wanted.length) return false;
  for (let i = 0; i < wanted.length; i++) if (padded[i] !== wanted[i]) return false;
  return true;
}

function equalMatcher(versionText: string): Matcher {
  if (versionText.endsWith(".*")) {
    const spec = wildcardSplit(versionText.slice(0, -2));
    return (candidate) => prefixMatches(candidate, spec);
  }
  const spec = Version.parse(versionText);
  if (spec.local === null) return (candidate) => candidate.comparePublic(spec) === 0;
  return (candidate) => candidate.compare(spec) === 0;
}

function lessThanMatcher(spec: Version): Matcher {
  // "<V MUST NOT allow a pre-release of V unless V is itself a pre-release."
  const earliest = spec.isPrerelease ? null : spec.replace({ dev: 0, local: null });
  return (candidate) => {
    if (candidate.compare(spec) >= 0) return false;
    return earliest === null || !candidate.isPrerelease || candidate.compare(earliest) < 0;
  };
}

function greaterThanMatcher(spec: Version): Matcher {
  return (candidate) => {
    if (candidate.compare(spec) <= 0) return false;
    // ">V MUST NOT allow a post-release of V unless V is itself a post-release."
    if (!spec.isPostrelease && candidate.isPostrelease && isPostOf(candidate, spec)) return false;
    // ">V MUST NOT match a local version of V."
    return candidate.local === null || candidate.comparePublic(spec) !== 0;
  };
}

/** True when `candidate` without post, dev and local equals `spec` (packaging's `_post_base(c) == spec`). */
function isPostOf(candidate: Version, spec: Version): boolean {
  if (spec.dev !== null || spec.local !== null || spec.post !== null) return false;
  const base = candidate.replace({ post: null, dev: null, local: null });
  return base.compare(spec) === 0;
}

function compatibleMatcher(versionText: string): Matcher {
  const spec = Version.parse(versionText);
  const prefix = wildcardSplit(compatiblePrefix(versionText));
  return (candidate) => candidate.comparePublic(spec) >= 0 && prefixMatches(candidate, prefix);
}

/** Builds the match function of one clause. `version` is the clause's version text. */
export function compileMatcher(operator: Operator, version: string): Matcher {
  switch (operator) {
    case "===": {
      const wanted = version.toLowerCase();
      return (_candidate, text) => text.toLowerCase() === wanted;
    }
    case "==": return equalMatcher(version);
    case "!=": {
      const equal = equalMatcher(version);
      return (candidate, text) => !equal(candidate, text);
    }
    case "~=": return compatibleMatcher(version);
    case "<=": {
      const spec = Version.parse(version);
      return (candidate) => candidate.comparePublic(spec) <= 0;
    }
    case ">=": {
      const spec = Version.parse(version);
      return (candidate) => candidate.comparePublic(spec) >= 0;
    }
    case "<": return lessThanMatcher(Version.parse(version));
    case ">": return greaterThanMatcher(Version.parse(version));
  }
}
