/**
 * Version-control references (`git+…` URLs): parsing and the system git.
 *
 *   const url = parseVcsUrl("git+https://host/repo.git@v1#subdirectory=pkg");
 *   const git = new Git({ cacheDir });
 *   const tree = await git.checkout(url, await git.resolveRevision(url));
 */
export { Git, VCS_BUCKET, type GitOptions, type GitResult } from "./git.js";
export { isCommitId, parseVcsUrl, pinnedVcsUrl, recordableUrl, redactCredentials, vcsDirectUrl, type VcsUrl } from "./vcs-url.js";
