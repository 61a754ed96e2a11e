/**
 * Links as pip reads them in requirement lines: which strings are URLs,
 * the fragments it understands (`egg=`, `subdirectory=`, hashes), the
 * filename at the end of the URL, and local paths as `file:` URLs.
 */
import { posix, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidRequirementLineError } from "./errors.js";
import type { LinkInfo } from "./types.js";

/** VCS URL schemes by backend (pip's `vcs.all_schemes`). */
export const VCS_SCHEMES: Readonly<Record<string, readonly string[]>> = {
  git: ["git+http", "git+https", "git+ssh", "git+git", "git+file", "git"],
  hg: ["hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http"],
  svn: ["svn", "svn+ssh", "svn+http", "svn+https", "svn+svn", "svn+file"],
  bzr: ["bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file"],
};
export const ALL_VCS_SCHEMES: readonly string[] = Object.values(VCS_SCHEMES).flat();
const URL_SCHEMES = new Set(["http", "https", "file", "ftp", ...ALL_VCS_SCHEMES]);

const EGG_FRAGMENT = /[#&]egg=([^&]*)/;
const SUBDIRECTORY_FRAGMENT = /[#&]subdirectory=([^&]*)/;
const HASH_FRAGMENT = /[#&](sha512|sha384|sha256|sha224|sha1|md5)=([^&]*)/;
const VALID_EGG_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** The lower-cased scheme before the first `:`, or null when there is no `:`. */
export function urlScheme(text: string): string | null {
  const colon = text.indexOf(":");
  return colon < 0 ? null : text.slice(0, colon).toLowerCase();
}

/** pip's `is_url`: the scheme is http, https, file, ftp or a VCS scheme. */
export function isUrl(text: string): boolean {
  const scheme = urlScheme(text);
  return scheme !== null && URL_SCHEMES.has(scheme);
}

/** The VCS backend for a URL, or null. */
export function vcsOf(url: string): string | null {
  const scheme = urlScheme(url);
  if (scheme === null) return null;
  for (const [vcs, schemes] of Object.entries(VCS_SCHEMES)) if (schemes.includes(scheme)) return vcs;
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The last path segment of a URL, percent-decoded (pip's `Link.filename`). */
export function linkFilename(url: string): string {
  const noFragment = url.split("#")[0]!.split("?")[0]!;
  const afterScheme = noFragment.replace(/^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^/]*)?/, "");
  return safeDecode(posix.basename(afterScheme.replace(/\/+$/, "")));
}

/** The URL's path, percent-decoded (for `file:` URLs). */
export function linkPath(url: string): string {
  const noFragment = url.split("#")[0]!.split("?")[0]!;
  return safeDecode(noFragment.replace(/^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^/]*)?/, ""));
}

/** A local path as an absolute `file:` URL (pip's `path_to_url`). */
export function pathToUrl(path: string, cwd: string): string {
  return pathToFileURL(resolve(cwd, path)).href;
}

/** The `#egg=` name, checked against pip 26's bare-name rule. */
export function eggFragment(url: string): string | null {
  const match = EGG_FRAGMENT.exec(url);
  if (!match) return null;
  const value = match[1]!;
  if (!VALID_EGG_NAME.test(value)) {
    throw new InvalidRequirementLineError(`The egg fragment '${value}' in ${url} is not a valid project name`, {
      hint: "Since pip 26.0 #egg= takes a bare project name (no extras, no version). Write 'name[extra] @ URL' instead.",
      input: url,
    });
  }
  return value;
}

/** Builds the link record for a URL (`isPath`/`isDirectory` as the caller knows them). */
export function makeLink(url: string, extra: { isPath?: boolean; isDirectory?: boolean } = {}): LinkInfo {
  const vcs = vcsOf(url);
  const hash = HASH_FRAGMENT.exec(url);
  const sub = SUBDIRECTORY_FRAGMENT.exec(url);
  return {
    url,
    isFile: urlScheme(url) === "file",
    isPath: extra.isPath ?? false,
    isVcs: vcs !== null,
    vcs,
    isDirectory: extra.isDirectory ?? false,
    eggName: eggFragment(url),
    subdirectory: sub ? sub[1]! : null,
    hashFragment: hash ? { algorithm: hash[1]!, value: hash[2]! } : null,
  };
}

/** True when the link's filename is a wheel. */
export function isWheelLink(url: string): boolean {
  return linkFilename(url).endsWith(".whl");
}
