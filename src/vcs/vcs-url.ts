/**
 * VCS URLs as pip reads them (`git+https://host/repo.git@rev#egg=name&subdirectory=sub`):
 * the transport URL git is given, the requested revision, the fragments,
 * and the forms written back (a URL pinned to a commit, PEP 610 data).
 *
 * Pure: no I/O.
 */
import { AccelError } from "../report/errors.js";

export interface VcsUrl {
  readonly vcs: "git";
  /** The URL as written (fragments included). */
  readonly given: string;
  /** What git is given: `https://host/repo.git`, `file:///srv/repo`, `ssh://git@host/repo.git`. */
  readonly repository: string;
  /** The `@rev` part (branch, tag or commit), or null for the default branch. */
  readonly revision: string | null;
  /** `#subdirectory=` (a relative path inside the checkout), or null. */
  readonly subdirectory: string | null;
  /** `#egg=`, or null. */
  readonly egg: string | null;
}

const FULL_COMMIT = /^[0-9a-f]{40}$/;

/** True for a full 40-hex commit id. */
export function isCommitId(revision: string): boolean {
  return FULL_COMMIT.test(revision);
}

function fragmentValue(fragment: string, key: string): string | null {
  for (const part of fragment.split("&")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === key) return decodeURIComponent(part.slice(eq + 1));
  }
  return null;
}

/** Parses a `git+…` URL; other VCS schemes and malformed URLs are an error that names the URL. */
export function parseVcsUrl(given: string): VcsUrl {
  const hashAt = given.indexOf("#");
  const base = hashAt < 0 ? given : given.slice(0, hashAt);
  const fragment = hashAt < 0 ? "" : given.slice(hashAt + 1);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(base)?.[1]?.toLowerCase() ?? "";
  if (!scheme.startsWith("git+") && scheme !== "git" && !/^git\+/i.test(base)) {
    const vcs = scheme.split("+")[0] ?? scheme;
    throw new AccelError("vcs-unsupported", `${redactCredentials(given)}: only git URLs are supported, not ${vcs}`, {
      hint: "Use a git+https://, git+ssh:// or git+file:// URL, or an archive or directory.",
    });
  }
  const transport = scheme === "git" ? base : base.slice(4);
  // (`git+user@host:path`, scp-like, has no scheme after `git+`: the check below names it.)
  const rest = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/i.exec(transport);
  if (rest === null) {
    throw new AccelError("invalid-vcs-url", `${redactCredentials(given)} is not a valid git URL`, {
      hint: "Write it as git+https://host/path/repo.git@revision (scp-like user@host:path needs git+ssh://user@host/path).",
    });
  }
  const [, prefix, authority, path] = rest as unknown as [string, string, string, string];
  const at = path.lastIndexOf("@");
  const revision = at < 0 ? null : decodeURIComponent(path.slice(at + 1));
  const repoPath = at < 0 ? path : path.slice(0, at);
  if (revision === "") throw new AccelError("invalid-vcs-url", `${redactCredentials(given)}: '@' is not followed by a revision`, { hint: "Write @branch, @tag or @commit, or drop the '@'." });
  const subdirectory = fragmentValue(fragment, "subdirectory");
  if (subdirectory !== null && (subdirectory.startsWith("/") || subdirectory.split(/[\\/]/).includes(".."))) {
    throw new AccelError("invalid-vcs-url", `${redactCredentials(given)}: subdirectory ${JSON.stringify(subdirectory)} must stay inside the repository`);
  }
  return {
    vcs: "git", given, repository: `${prefix}${authority}${repoPath}`, revision,
    subdirectory: subdirectory === null || subdirectory === "" ? null : subdirectory.replace(/\/+$/, ""), egg: fragmentValue(fragment, "egg"),
  };
}

/** `user:password@` in a URL becomes `****` (pip's redact_auth_from_url); text without URLs is unchanged. */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/@\s'"]*)@/gi, (_w, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    return colon < 0 ? `${scheme}****@` : `${scheme}${userinfo.slice(0, colon)}:****@`;
  });
}

/**
 * The URL for records (PEP 610, `resolve` output): credentials removed unless
 * they are environment-variable placeholders or the user `git` (pip's rule).
 */
export function recordableUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i, (whole, scheme: string, userinfo: string) => {
    if (/^\$\{[A-Za-z0-9_]+\}(:\$\{[A-Za-z0-9_]+\})?$/.test(userinfo) || userinfo === "git") return whole;
    return scheme;
  });
}

/** The given URL pinned to `commit`: `git+https://host/repo.git@<commit>#subdirectory=sub` (egg dropped, credentials as `recordableUrl`). */
export function pinnedVcsUrl(url: VcsUrl, commit: string): string {
  const repository = recordableUrl(url.repository);
  const prefix = /^git\+/i.test(url.given) ? `git+${repository}` : repository;
  return `${prefix}@${commit}${url.subdirectory === null ? "" : `#subdirectory=${url.subdirectory}`}`;
}

/** PEP 610 `direct_url.json` for a VCS install. */
export function vcsDirectUrl(url: VcsUrl, commit: string): Record<string, unknown> {
  return {
    url: recordableUrl(url.repository),
    vcs_info: { vcs: "git", commit_id: commit, ...(url.revision === null ? {} : { requested_revision: url.revision }) },
    ...(url.subdirectory === null ? {} : { subdirectory: url.subdirectory }),
  };
}
