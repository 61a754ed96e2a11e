/**
 * The realworld corpus (`../shared/realworld/`: 30 wheels exactly as PyPI serves them, a
 * requirements file and the set pip installs from it) for the suites that use it: where it
 * is, why a suite skips without it, its HTTP/1.0 closing server, and sets of `name==version`
 * lines compared with canonical names.
 */
import { after, before } from "node:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startIndexServer, type IndexServer } from "./index-server.js";
import { pythonAvailable, repoRoot } from "./repo.js";

export const REALWORLD = join(repoRoot(), "..", "shared", "realworld");
export const REALWORLD_WHEELS = join(REALWORLD, "wheels");
export const REALWORLD_REQUIREMENTS = join(REALWORLD, "requirements.txt");

/** Why a realworld suite cannot run here, or false. */
export function realworldSkip(): string | false {
  return !existsSync(REALWORLD_WHEELS) ? "../shared/realworld is not on this machine" : !pythonAvailable() ? "python3 not found" : false;
}

/** The lines of `expected-freeze.txt` (the set pip installs), as written. */
export function expectedFreeze(): string[] {
  return readFileSync(join(REALWORLD, "expected-freeze.txt"), "utf8").split("\n");
}

/**
 * Serves the realworld wheels from an HTTP/1.0 server that closes every connection, for
 * the calling test file: started before its tests (unless `skip`), closed after them, when
 * `cleanup` runs too. Returns the server's getter.
 */
export function realworldServer(skip: string | false, cleanup: () => void): () => IndexServer {
  let server: IndexServer | undefined;
  before(async () => {
    if (skip) return;
    server = await startIndexServer({ root: REALWORLD_WHEELS, wire: { framing: "close" } });
  });
  after(async () => {
    await server?.close();
    cleanup();
  });
  return () => {
    if (server === undefined) throw new Error("the realworld server is not running (the suite is skipped)");
    return server;
  };
}

/** `name==version` lines with canonical names, sorted, without comments, blanks and pip/setuptools/wheel. */
export function canonicalSet(lines: readonly string[]): string[] {
  return lines.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [name, version] = l.split("==") as [string, string];
      return `${name.toLowerCase().replace(/[-_.]+/g, "-")}==${version}`;
    })
    .filter((l) => !/^(pip|setuptools|wheel)==/.test(l)).sort();
}
