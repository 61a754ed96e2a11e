/**
 * The system `git`, run as a child process, for `git+…` requirements:
 * - `resolveRevision`: a branch, tag or commit to a commit id. A full
 *   40-hex commit needs no git at all; anything else is one
 *   `git ls-remote` (or, offline, the answer recorded the last time).
 * - `checkout`: the tree at a commit, cached by commit under
 *   `<cacheDir>/vcs-v1/git/<repository hash>/<commit>/` (a shallow fetch of
 *   that one commit, submodules included; the `.git` directory is not
 *   kept). A second run finds the directory and runs no git.
 * - `cloneInto`: a full working clone for an editable install (`-e git+…`).
 *
 * Every run has `GIT_TERMINAL_PROMPT=0` (never waits for a password), and
 * every message that leaves this module has credentials redacted. Work is
 * done in a temporary sibling directory and renamed into place, so an
 * interrupted fetch leaves nothing that a later run trusts.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AccelError } from "../report/errors.js";
import { isCommitId, redactCredentials, type VcsUrl } from "./vcs-url.js";

export const VCS_BUCKET = "vcs-v1";

export interface GitOptions {
  cacheDir: string;
  /** Never open a connection: revisions come from the recorded answers. */
  offline?: boolean;
  /** The git executable (default `git` on PATH). */
  executable?: string;
  env?: NodeJS.ProcessEnv;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Git {
  constructor(private readonly options: GitOptions) {}

  /** Runs git; a missing executable is a clear error. */
  run(args: readonly string[], cwd?: string): Promise<GitResult> {
    const executable = this.options.executable ?? "git";
    return new Promise((resolve, reject) => {
      const child = spawn(executable, args, {
        cwd, stdio: ["ignore", "pipe", "pipe"],
        env: { ...(this.options.env ?? process.env), GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "", SSH_ASKPASS: "", LC_ALL: "C" },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (d: Buffer) => out.push(d));
      child.stderr.on("data", (d: Buffer) => err.push(d));
      child.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") {
          reject(new AccelError("git-missing", `git is needed for git+ requirements, and '${executable}' was not found`, {
            hint: "Install git (Debian/Ubuntu: apt-get install git; Alpine: apk add git) and run the command again.",
          }));
        } else reject(error);
      });
      child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    });
  }

  private async must(args: readonly string[], what: string, url: VcsUrl, cwd?: string): Promise<string> {
    const result = await this.run(args, cwd);
    if (result.code !== 0) {
      const detail = redactCredentials(result.stderr.trim().split("\n").slice(-3).join("\n"));
      throw new AccelError("git-failed", `git could not ${what} ${redactCredentials(url.given)}${detail === "" ? "" : `:\n${detail}`}`, {
        hint: "Check the URL, the revision and your access to the repository (git is run with prompts disabled).",
      });
    }
    return result.stdout;
  }

  /** The directory that caches one repository's checkouts and recorded revisions. */
  repositoryDir(url: VcsUrl): string {
    const id = createHash("sha256").update(url.repository).digest("hex").slice(0, 32);
    return join(this.options.cacheDir, VCS_BUCKET, "git", id);
  }

  /** The commit id that `url`'s revision names now. */
  async resolveRevision(url: VcsUrl): Promise<string> {
    const revision = url.revision;
    if (revision !== null && isCommitId(revision.toLowerCase())) return revision.toLowerCase();
    const recorded = this.recorded(url);
    const key = revision ?? "HEAD";
    if (this.options.offline === true) {
      const known = recorded[key];
      if (known !== undefined) return known;
      throw new AccelError("vcs-offline", `${redactCredentials(url.given)}: the revision ${key} was never resolved on this machine, and --offline forbids asking the repository`, {
        hint: "Run once online, or pin the requirement to a full commit id (@<40 hex digits>).",
      });
    }
    const listing = await this.must(["ls-remote", "--", url.repository], "list the revisions of", url);
    const refs = new Map<string, string>();
    for (const line of listing.split("\n")) {
      const [sha, ref] = line.trim().split(/\s+/);
      if (sha !== undefined && ref !== undefined) refs.set(ref, sha);
    }
    const commit = revision === null
      ? refs.get("HEAD")
      : refs.get(`refs/tags/${revision}^{}`) ?? refs.get(`refs/tags/${revision}`) ?? refs.get(`refs/heads/${revision}`) ?? refs.get(revision);
    let found = commit ?? null;
    // A short commit id expanded once stays expanded (a commit cannot move): no second full fetch.
    if (found === null && revision !== null && /^[0-9a-f]{4,39}$/i.test(revision)) found = recorded[key] ?? await this.expandShortCommit(url, revision);
    if (found === null) {
      throw new AccelError("vcs-revision-not-found", `${redactCredentials(url.given)}: no branch, tag or commit named ${JSON.stringify(key)}`, {
        hint: "Check the revision after '@' (git ls-remote lists branches and tags).",
      });
    }
    this.record(url, key, found);
    return found;
  }

  /** A short commit id, expanded by fetching the repository (it cannot be asked for by prefix). */
  private async expandShortCommit(url: VcsUrl, short: string): Promise<string | null> {
    const work = this.temp(url);
    try {
      await this.must(["init", "-q", work], "prepare a checkout of", url);
      await this.must(["fetch", "-q", "--", url.repository, "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], "fetch", url, work);
      const result = await this.run(["rev-parse", "--verify", "-q", `${short}^{commit}`], work);
      return result.code === 0 ? result.stdout.trim() : null;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** The tree at `commit` (cached; no git when it is there already). */
  async checkout(url: VcsUrl, commit: string): Promise<string> {
    const final = join(this.repositoryDir(url), commit);
    if (existsSync(join(final, ".pip-accel-complete"))) return final;
    if (this.options.offline === true) {
      throw new AccelError("vcs-offline", `${redactCredentials(url.given)}: commit ${commit} is not in the cache, and --offline forbids fetching it`, {
        hint: "Run once online to cache the checkout.",
      });
    }
    const work = this.temp(url);
    try {
      await this.must(["init", "-q", work], "prepare a checkout of", url);
      await this.must(["remote", "add", "origin", url.repository], "prepare a checkout of", url, work);
      const shallow = await this.run(["fetch", "-q", "--depth", "1", "origin", commit], work);
      if (shallow.code !== 0) await this.must(["fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], "fetch", url, work);
      await this.must(["-c", "advice.detachedHead=false", "checkout", "-q", "--detach", commit], `check out ${commit} of`, url, work);
      if (existsSync(join(work, ".gitmodules"))) await this.must(["submodule", "update", "-q", "--init", "--recursive", "--depth", "1"], "fetch the submodules of", url, work);
      const head = (await this.must(["rev-parse", "HEAD"], "read the commit of", url, work)).trim();
      if (head !== commit) throw new AccelError("git-failed", `${redactCredentials(url.given)}: checked out ${head}, expected ${commit}`);
      rmSync(join(work, ".git"), { recursive: true, force: true });
      writeFileSync(join(work, ".pip-accel-complete"), `${commit}\n`);
      try {
        renameSync(work, final);
      } catch (error) {
        // Another process put the same commit in place first: its tree is the same.
        if (!existsSync(join(final, ".pip-accel-complete"))) throw error;
      }
      return final;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /**
   * A working clone at `dest` for an editable install, at `commit`. An existing
   * clone is moved to the commit (fetching when it lacks it); a directory that
   * is not a git checkout is an error, never overwritten.
   */
  async cloneInto(url: VcsUrl, commit: string, dest: string): Promise<void> {
    if (existsSync(dest)) {
      const head = await this.run(["rev-parse", "HEAD"], dest);
      if (head.code !== 0 || !existsSync(join(dest, ".git"))) {
        throw new AccelError("vcs-destination-exists", `${dest} exists and is not a git checkout; refusing to replace it with ${redactCredentials(url.given)}`, {
          hint: "Move the directory away, or install it with -e <that directory>.",
        });
      }
      if (head.stdout.trim() === commit) return;
      const has = await this.run(["cat-file", "-e", `${commit}^{commit}`], dest);
      if (has.code !== 0) await this.must(["fetch", "-q", "--", url.repository, "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], "fetch", url, dest);
      await this.must(["-c", "advice.detachedHead=false", "checkout", "-q", commit], `check out ${commit} of`, url, dest);
      return;
    }
    mkdirSync(join(dest, ".."), { recursive: true });
    const work = `${dest}.pip-accel-tmp-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    try {
      await this.must(["clone", "-q", "--", url.repository, work], "clone", url);
      await this.must(["-c", "advice.detachedHead=false", "checkout", "-q", commit], `check out ${commit} of`, url, work);
      if (existsSync(join(work, ".gitmodules"))) await this.must(["submodule", "update", "-q", "--init", "--recursive"], "fetch the submodules of", url, work);
      renameSync(work, dest);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  private temp(url: VcsUrl): string {
    const dir = this.repositoryDir(url);
    mkdirSync(dir, { recursive: true });
    return mkdtempSync(join(dir, ".tmp-"));
  }

  private recorded(url: VcsUrl): Record<string, string> {
    try {
      return JSON.parse(readFileSync(join(this.repositoryDir(url), "revisions.json"), "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private record(url: VcsUrl, revision: string, commit: string): void {
    const dir = this.repositoryDir(url);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "revisions.json");
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...this.recorded(url), [revision]: commit }));
    renameSync(tmp, file);
  }
}
