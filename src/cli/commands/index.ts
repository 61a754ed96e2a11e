/**
 * `pip-accel index versions NAME`: the versions the configured indexes (and
 * find-links) offer for a project, newest first, as pip prints them.
 * Pre-releases only with `--pre`; files whose Requires-Python excludes the
 * target are left out (as pip does).
 */
import { downloadCacheDir, Cache } from "../../cache/cache.js";
import { commandCacheDir } from "../target.js";
import { IndexClient } from "../../index/client.js";
import { HttpClient } from "../../index/http.js";
import { Version, parseVersion } from "../../pep440/index.js";
import { AccelError } from "../../report/errors.js";
import { indexTarget } from "../../resolver/index-candidate-source.js";
import type { CommandContext } from "../context.js";
import { httpClientOptions } from "../http-options.js";
import { targetEnvironment } from "../resolve-target.js";

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : []);

/** Distinct versions, newest first. */
export function sortVersions(versions: Iterable<string>, pre: boolean): string[] {
  const parsed: Version[] = [];
  for (const text of versions) {
    const v = parseVersion(text);
    if (v !== null && (pre || !v.isPrerelease)) parsed.push(v);
  }
  parsed.sort((a, b) => b.compare(a));
  return parsed.filter((v, i) => i === 0 || v.compare(parsed[i - 1]!) !== 0).map((v) => v.toString());
}

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, name, ...rest] = ctx.args;
  if (sub !== "versions" || name === undefined || rest.length > 0) {
    throw new AccelError("usage", "Usage: pip-accel index versions NAME", { hint: "'versions' is the only index subcommand." });
  }
  const o = ctx.options;
  const cacheDir = commandCacheDir(ctx);
  const http = new HttpClient({ ...httpClientOptions(o, ctx.env), offline: Boolean(o.offline) });
  try {
    const client = new IndexClient({
      cache: new Cache(cacheDir), http, noIndex: Boolean(o.noIndex), findLinks: list(o.findLinks), refresh: true,
      downloadCache: downloadCacheDir(ctx.env),
      indexUrls: [...(typeof o.indexUrl === "string" ? [o.indexUrl] : ["https://pypi.org/simple"]), ...list(o.extraIndexUrl)],
      onWarning: (message) => ctx.output.warn(message),
    });
    const environment = await targetEnvironment(ctx, cacheDir);
    const target = { ...indexTarget(environment, Boolean(o.pre)), ignoreRequiresPython: Boolean(o.ignoreRequiresPython), allowYanked: false };
    const found = await client.findCandidates(name, { target, upgrade: true });
    const versions = found.kind === "not-found" ? [] : sortVersions(found.candidates.map((c) => c.version), Boolean(o.pre));
    if (versions.length === 0) {
      throw new AccelError("no-matching-distribution", `No matching distribution found for ${name}`, {
        hint: found.kind === "offline" ? "Run without --offline to ask the index." : "Check the name, the index URL, or add --pre.",
      });
    }
    ctx.output.data(`${name} (${versions[0]})\nAvailable versions: ${versions.join(", ")}\n`);
    return 0;
  } finally {
    await http.close();
  }
}
