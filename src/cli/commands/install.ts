/**
 * `pip-accel install`: maps pip's options onto `install()` and renders its
 * reporter events: a status line on a terminal (resolve, fetch/build,
 * install), plain lines when piped or in CI, and a closing summary.
 * Ctrl-C aborts: the distribution being installed is rolled back (an
 * upgrade leaves the old version in place). `--report FILE` (`-` for
 * stdout) writes pip's installation report, with or without `--dry-run`.
 */
import { install, installedSpecs, type InstallReporter, type InstallSummary } from "../../operations/install-pipeline.js";
import { writeFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { packageVersion } from "../version.js";
import type { CommandContext } from "../context.js";
import { httpClientOptions } from "../http-options.js";
import type { Output } from "../output.js";
import { commandCacheDir, commandTrustsMtimes } from "../target.js";
import { ask, canAsk, execPassthrough } from "../prompt.js";
import { noopPlace, nothingToInstallLine, satisfiedLine, type NoopOutcome } from "../noop-replay.js";
import { rememberCommand } from "../../operations/command-memo.js";
import { pipConfigFiles } from "../../config/pip-config.js";
import { accelConfigFiles } from "../../config/accel-config.js";
import { homedir } from "node:os";

const DEFAULT_INDEX = "https://pypi.org/simple";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

/** Reporter that turns install events into output lines and a status line. */
export function cliReporter(output: Output): InstallReporter {
  let prepared = 0;
  return {
    onResolveStart: () => output.status("Resolving dependencies..."),
    onResolved: ({ pins, ms, fastPath }) => {
      if (fastPath === "cached") output.debug(`Resolved ${pins} packages from the local cache in ${seconds(ms)} (no index read)`);
      else if (fastPath === "remembered") output.debug(`Resolved ${pins} packages in ${seconds(ms)} (remembered: the same question over unchanged local caches)`);
      else if (fastPath === null) output.debug(`Resolved ${pins} packages in ${seconds(ms)}`);
    },
    onWarning: (message) => output.warn(message),
    onPrepareStart: ({ name, version, action }) => {
      const verb = action === "build" ? "Building" : action === "fetch" ? "Fetching" : "Linking";
      output.status(`${verb} ${name}==${version} (${prepared} prepared)`);
      if (action !== "link") output.debug(`${verb} ${name}==${version}`);
    },
    onPrepared: () => {
      prepared++;
    },
    onInstallStart: ({ name, version, replaces }) => {
      output.status(`Installing ${name}==${version}`);
      if (replaces !== null) output.info(`Attempting uninstall: ${name}\n  Found existing installation: ${name} ${replaces}`);
    },
    onInstalled: ({ name, version, replaced, files }) => {
      if (replaced !== null) output.info(`  Successfully uninstalled ${name}-${replaced}`);
      output.debug(`Installed ${name}-${version} (${files} files)`);
    },
    build: {
      onBuildStart: (project) => output.status(`Building ${project}`),
      onOutput: (_project, chunk) => {
        for (const line of chunk.split("\n")) if (line !== "") output.debug(line);
      },
      onBuildDone: (project, { fromCache, seconds: s }) => {
        if (!fromCache) output.info(`Built ${project} in ${s.toFixed(1)}s`);
      },
      // The shared cache's notes are warnings (the store is down, an object was refused); build notes are detail.
      onNote: (project, message) => (project === "shared cache" ? output.warn : output.debug).call(output, `${project}: ${message}`),
    },
  };
}

/** The closing lines: pip's `Successfully installed ...` and the timed summary. */
export function formatSummary(summary: InstallSummary): string[] {
  const lines: string[] = [];
  if (summary.dryRun) {
    const items = summary.plan === null ? [] : [...summary.plan.fromCache, ...summary.plan.toFetch, ...summary.plan.toBuild];
    if (items.length > 0) lines.push(`Would install ${items.map((i) => `${i.pin.name}-${i.pin.version}`).sort().join(" ")}`);
    else lines.push("Would install nothing: all requirements are already satisfied");
    return lines;
  }
  for (const s of summary.satisfied) lines.push(satisfiedLine(s));
  if (summary.installed.length === 0) {
    lines.push(nothingToInstallLine(summary.timings.totalMs));
    return lines;
  }
  const total = seconds(summary.timings.totalMs);
  lines.push(`Successfully installed ${installedSpecs(summary).join(" ")}`);
  const n = summary.installed.length;
  lines.push(`Installed ${n} package${n === 1 ? "" : "s"} in ${total}`);
  return lines;
}

/**
 * Keeps a no-op that printed nothing but its result for main to replay
 * (noop-replay.ts): its inputs, every config file location it looked at,
 * and pip-accel itself (node and the script).
 */
async function rememberIfNoop(ctx: CommandContext, summary: InstallSummary, lines: string[]): Promise<void> {
  const argv = ctx.argv;
  if (argv === undefined || summary.fastPath !== "satisfied" || summary.inputs === null || summary.dryRun) return;
  if (ctx.output.verbosity > 0 || ctx.output.notes > 0) return;
  const place = noopPlace(argv, ctx.env, ctx.cwd);
  if (commandCacheDir(ctx) !== place.root) return; // the replay would not look there
  const home = ctx.env.HOME ?? homedir();
  const outcome: NoopOutcome = { lines, printed: ctx.output.verbosity === 0 };
  await rememberCommand({
    ...place, outcome,
    inputs: [
      ...summary.inputs, ...pipConfigFiles({ env: ctx.env, home, command: "install" }), ...accelConfigFiles(ctx.env, home),
      process.execPath, ...(argv[1] !== undefined ? [resolvePath(ctx.cwd, argv[1])] : []),
    ],
  });
}

export async function run(ctx: CommandContext): Promise<number> {
  const o = ctx.options;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const indexUrls = o.noIndex === true ? [] : [str(o.indexUrl) ?? DEFAULT_INDEX, ...list(o.extraIndexUrl)];
    const summary = await install({
      requirements: ctx.args, editables: list(o.editable), requirementFiles: list(o.requirement), constraintFiles: list(o.constraint),
      cacheDir: commandCacheDir(ctx), python: str(o.python), env: ctx.env, cwd: ctx.cwd,
      target: str(o.target), prefix: str(o.prefix), user: o.user === true, root: str(o.root),
      indexUrls, findLinks: list(o.findLinks), noIndex: o.noIndex === true, offline: o.offline === true,
      upgrade: o.upgrade === true, forceReinstall: o.forceReinstall === true, ignoreInstalled: o.ignoreInstalled === true,
      noDeps: o.noDeps === true, dryRun: o.dryRun === true, compile: o.compile === true && o.noCompile !== true,
      pre: o.pre === true, preferBinary: o.preferBinary === true, onlyBinary: list(o.onlyBinary), noBinary: list(o.noBinary),
      requireHashes: o.requireHashes === true, ignoreRequiresPython: o.ignoreRequiresPython === true,
      refresh: o.refresh === true, trustMtimes: commandTrustsMtimes(ctx), ...(str(o.src) !== undefined ? { srcDir: resolvePath(ctx.cwd, str(o.src)!) } : {}), http: httpClientOptions(o, ctx.env),
      report: str(o.report) !== undefined, reportVersion: packageVersion(),
      autoInstall: o.autoInstall === true, ...(canAsk(ctx) ? { confirm: (q: string) => ask(q) } : {}), exec: execPassthrough,
      signal: controller.signal, reporter: cliReporter(ctx.output), trackInputs: ctx.argv !== undefined,
    });
    ctx.output.done();
    const reportFile = str(o.report);
    if (reportFile !== undefined && summary.report !== null) {
      if (reportFile === "-") ctx.output.data(`${summary.report}\n`);
      else await writeFile(resolvePath(ctx.cwd, reportFile), `${summary.report}\n`);
    }
    // With the report on stdout, the closing lines go to stderr (-v) so that stdout stays JSON.
    const lines = formatSummary(summary);
    for (const line of lines) (reportFile === "-" ? ctx.output.debug(line) : ctx.output.info(line));
    if (reportFile === undefined) await rememberIfNoop(ctx, summary, lines.slice(0, -1));
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
