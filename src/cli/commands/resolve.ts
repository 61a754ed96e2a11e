/**
 * `pip-accel resolve -r requirements.in [-o requirements.txt] [--generate-hashes]
 * [--python-version X.Y --platform TAG ...]`: a pinned requirements file with
 * `# via` comments, like pip-compile. Also the shared set-up of the
 * resolution-based commands (`download`): requirements from the command
 * line and `-r`/`-c` files, the target environment, the index-backed
 * sources over the cache.
 */
import { writeFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { Cache, downloadCacheDir } from "../../cache/cache.js";
import { commandCacheDir } from "../target.js";
import { HttpClient } from "../../index/http.js";
import { IndexClient } from "../../index/client.js";
import { parseRequirementLine, parseRequirementsFile, type GlobalOptions, type RequirementEntry } from "../../requirements-file/index.js";
import { AccelError } from "../../report/errors.js";
import { createIndexSources, resolve, type IndexSources, type RequirementLike, type ResolveResult, type TargetEnvironment } from "../../resolver/lib.js";
import type { CommandContext } from "../context.js";
import { httpClientOptions } from "../http-options.js";
import { targetEnvironment } from "../resolve-target.js";
import { canonicalizeName } from "../../filenames/index.js";

export interface Inputs {
  readonly requirements: RequirementLike[];
  readonly constraints: string[];
  /** Where each requested project came from (`-r FILE`, or null for the command line), by normalised name. */
  readonly origins: Map<string, string[]>;
  readonly fileOptions: GlobalOptions | null;
}

export interface Session {
  readonly inputs: Inputs;
  readonly environment: TargetEnvironment;
  readonly sources: IndexSources;
  readonly cacheDir: string;
  close(): Promise<void>;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : []);

function hashesOf(entry: RequirementEntry): string[] {
  return Object.entries(entry.hashes).flatMap(([algorithm, values]) => (values as string[]).map((v) => `${algorithm}:${v}`));
}

function requirementText(entry: RequirementEntry): string {
  if (entry.editable) throw new AccelError("editable-unsupported", `Editable requirements cannot be resolved: ${entry.text}`, { location: entry.comesFrom ?? undefined });
  if (entry.requirement !== null && (entry.link === null || entry.requirement.url !== null)) return entry.requirement.toString();
  throw new AccelError("unnamed-requirement", `Write '${entry.text}' as 'name @ URL' to resolve it.`, { location: entry.comesFrom ?? undefined });
}

function nameOf(text: string): string {
  return canonicalizeName(/^[A-Za-z0-9._-]+/.exec(text)?.[0] ?? text);
}

/** Command-line requirements plus `-r` and `-c` files (remote files through the index client's page cache). */
export async function collectInputs(ctx: CommandContext, fetchText: (url: string) => Promise<string>, initial: Partial<GlobalOptions>, skip?: (entry: RequirementEntry) => boolean): Promise<Inputs> {
  const entries: RequirementEntry[] = ctx.args.map((a) => parseRequirementLine(a, { kind: "command-line" }, { cwd: ctx.cwd }));
  const constraints: RequirementEntry[] = [];
  let fileOptions: GlobalOptions | null = null;
  const files = [...list(ctx.options.requirement).map((f) => [f, false] as const), ...list(ctx.options.constraint).map((f) => [f, true] as const)];
  for (const [file, constraint] of files) {
    const parsed = await parseRequirementsFile(file, {
      cwd: ctx.cwd, env: ctx.env, constraint, fetchUrl: async (url) => ({ text: await fetchText(url) }),
      initialOptions: fileOptions ?? initial,
    });
    entries.push(...parsed.requirements);
    constraints.push(...parsed.constraints);
    fileOptions = parsed.options;
    for (const warning of parsed.warnings) ctx.output.warn(warning.message);
  }
  const origins = new Map<string, string[]>();
  const requirements = entries.filter((entry) => skip?.(entry) !== true).map((entry): RequirementLike => {
    const text = requirementText(entry);
    const origin = entry.origin.kind === "file" ? `-r ${entry.origin.file}` : "command line";
    origins.set(nameOf(text), [...(origins.get(nameOf(text)) ?? []), origin]);
    return { text, hashes: hashesOf(entry) };
  });
  return { requirements, constraints: constraints.map(requirementText), origins, fileOptions };
}

/** Reads the inputs and opens the index-backed sources for them. */
export async function openSession(ctx: CommandContext, skip?: (entry: RequirementEntry) => boolean): Promise<Session> {
  const o = ctx.options;
  const cacheDir = commandCacheDir(ctx);
  const offline = Boolean(o.offline);
  const http = new HttpClient({ ...httpClientOptions(o, ctx.env), offline });
  try {
    const bootstrap = new IndexClient({ cache: new Cache(cacheDir), http, noIndex: true, refresh: Boolean(o.refresh) });
    const absolute = (f: string) => (/^[a-z+]+:/i.test(f) ? f : resolvePath(ctx.cwd, f));
    const initial: Partial<GlobalOptions> = {
      indexUrls: [...(typeof o.indexUrl === "string" ? [o.indexUrl] : ["https://pypi.org/simple"]), ...list(o.extraIndexUrl)],
      noIndex: Boolean(o.noIndex), findLinks: list(o.findLinks).map(absolute),
    };
    const inputs = await collectInputs(ctx, (url) => bootstrap.fetchText(url), initial, skip);
    const environment = await targetEnvironment(ctx, cacheDir);
    const files = inputs.fileOptions ?? initial;
    const sources = createIndexSources({
      environment, cacheDir, indexUrls: files.indexUrls ?? [], noIndex: files.noIndex ?? false, offline, httpClient: http,
      downloadCache: downloadCacheDir(ctx.env),
      findLinks: [...new Set((files.findLinks ?? []).map(absolute))],
      refresh: Boolean(o.refresh), upgrade: Boolean(o.upgrade), pre: Boolean(o.pre),
      onWarning: (message) => ctx.output.warn(message),
    });
    return { inputs, environment, sources, cacheDir, close: async () => { await sources.close(); await http.close(); } };
  } catch (error) {
    await http.close();
    throw error;
  }
}

/** Resolves the session's inputs with the command-line policy options. */
export async function resolveSession(ctx: CommandContext, session: Session, extra: { noDeps?: boolean } = {}): Promise<ResolveResult> {
  const o = ctx.options;
  const files = session.inputs.fileOptions;
  const metadataSource = extra.noDeps
    ? { getMetadata: async () => ({ kind: "ok", requiresDist: [], requiresPython: null, providesExtra: [] } as const) }
    : session.sources.metadataSource;
  try {
    return await resolve(session.inputs.requirements, {
      environment: session.environment,
      candidateSource: session.sources.candidateSource,
      metadataSource,
      constraints: session.inputs.constraints,
      pre: Boolean(o.pre),
      upgrade: Boolean(o.upgrade),
      preferBinary: Boolean(o.preferBinary) || (files?.preferBinary ?? false),
      onlyBinary: [...list(o.onlyBinary), ...(files?.formatControl.onlyBinary ?? [])],
      noBinary: [...list(o.noBinary), ...(files?.formatControl.noBinary ?? [])],
      requireHashes: Boolean(o.requireHashes) || (files?.requireHashes ?? false),
      ignoreRequiresPython: Boolean(o.ignoreRequiresPython),
    });
  } catch (error) {
    const missing = session.sources.candidateSource.offlineMissing;
    if (missing.length > 0 && error instanceof AccelError) {
      throw new AccelError("offline-missing", `${error.message}\n\nNot in the local caches (--offline): ${[...new Set(missing)].join(", ")}`, {
        cause: error, hint: "Run once without --offline to fill the cache, or add the files with pip-accel download.",
      });
    }
    throw error;
  }
}

/** The sha256 of every file of the pinned version (all platforms, as pip-compile), downloading only files the index gave no hash for. */
async function hashesFor(session: Session, name: string, version: string): Promise<string[]> {
  const out = new Set<string>();
  for (const candidate of session.sources.candidateSource.filesOf(name, version)) {
    const known = candidate.link.hashes["sha256"];
    out.add(`sha256:${known ?? (await session.sources.client.download(candidate)).sha256}`);
  }
  return [...out].sort();
}

/** pip-compile's output: pins sorted by name, `--hash` continuation lines, `# via` comments. */
export async function formatPinned(ctx: CommandContext, session: Session, result: ResolveResult): Promise<string> {
  const command = ["pip-accel resolve", ...(ctx.options.generateHashes ? ["--generate-hashes"] : []),
    ...(typeof ctx.options.outputFile === "string" ? [`--output-file=${ctx.options.outputFile}`] : []), ...list(ctx.options.requirement).map((f) => `-r ${f}`), ...ctx.args].join(" ");
  const lines = [
    "#", `# This file is autogenerated by pip-accel resolve with Python ${session.environment.markers["python_version"] ?? "?"}`,
    "# by the following command:", "#", `#    ${command}`, "#",
  ];
  const parents = new Map<string, Set<string>>();
  for (const edge of result.graph) {
    if (edge.from === null) continue;
    if (edge.from !== edge.to) parents.set(edge.to, (parents.get(edge.to) ?? new Set()).add(edge.from));
  }
  for (const pin of result.pins) {
    if (pin.source === "installed") continue;
    const extras = pin.extras.length > 0 ? `[${pin.extras.join(",")}]` : "";
    const head = pin.source === "direct" ? `${pin.name}${extras} @ ${pin.file!.url}` : `${pin.name}${extras}==${pin.version}`;
    const hashes = ctx.options.generateHashes && pin.source === "index" ? await hashesFor(session, pin.name, pin.version) : [];
    lines.push(hashes.length === 0 ? head : `${head} \\`);
    hashes.forEach((h, i) => lines.push(`    --hash=${h}${i < hashes.length - 1 ? " \\" : ""}`));
    const via = [...new Set([...(session.inputs.origins.get(pin.name) ?? []), ...(parents.get(pin.name) ?? [])])].sort();
    if (via.length === 1) lines.push(`    # via ${via[0]}`);
    else if (via.length > 1) lines.push("    # via", ...via.map((v) => `    #   ${v}`));
  }
  return `${lines.join("\n")}\n`;
}

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0 && list(ctx.options.requirement).length === 0) {
    throw new AccelError("no-requirements", "Nothing to resolve: give requirements or -r FILE.", { hint: "pip-accel resolve -r requirements.in -o requirements.txt" });
  }
  const session = await openSession(ctx);
  try {
    const result = await resolveSession(ctx, session);
    for (const warning of result.warnings) ctx.output.warn(warning);
    const text = await formatPinned(ctx, session, result);
    const out = ctx.options.outputFile;
    if (typeof out === "string" && out !== "-") {
      await writeFile(resolvePath(ctx.cwd, out), text);
      ctx.output.info(`Wrote ${result.pins.length} pins to ${out}`);
    } else ctx.output.data(text);
    return 0;
  } finally {
    await session.close();
  }
}
