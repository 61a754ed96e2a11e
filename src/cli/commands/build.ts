/**
 * `pip-accel build [SDIST…] [-r FILE…] [-f DIR…]`: fill the binary cache
 * without installing (pip-accel's `pip wheel`). Interim scope until the
 * operations layer lands: the sdists are local archives (arguments, or
 * path/`file:` entries of requirement files); build requirements come from
 * `--find-links` directories plus the interpreter's ensurepip bundle.
 * Named requirements (which need the resolver and the index) are refused
 * with a clear error.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { Builder, type BuiltArtifact } from "../../builder/builder.js";
import { localBuildRequirementsProvider } from "../../builder/local-provider.js";
import type { BuildReporter } from "../../builder/run-build.js";
import { configureSystemPackages } from "../../builder/system-lookup.js";
import { findInterpreter, queryInterpreter } from "../../python/interpreter.js";
import { parseRequirementsFile } from "../../requirements-file/index.js";
import { AccelError } from "../../report/errors.js";
import type { CommandContext } from "../context.js";
import { cacheRoot } from "./cache.js";

export async function run(ctx: CommandContext): Promise<number> {
  const sdists = await collectSdists(ctx);
  if (sdists.length === 0) throw new AccelError("usage", "Nothing to build", { hint: "Give sdist paths or -r FILE." });
  const cacheDir = cacheRoot(ctx);
  const interpreter = await queryInterpreter(findInterpreter({ python: str(ctx.options.python), env: ctx.env, cwd: ctx.cwd }), { cacheDir });
  const findLinks = list(ctx.options.findLinks).map((d) => resolve(ctx.cwd, d.startsWith("file:") ? fileURLToPath(d) : d));
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && ctx.options.noInput !== true;
  const builder = new Builder({
    interpreter, cacheDir, provider: localBuildRequirementsProvider(findLinks), reporter: reporter(ctx), env: { ...ctx.env },
    systemPackages: configureSystemPackages({
      env: ctx.env, home: homedir(), readFile: (p) => (existsSync(p) ? readFileSync(p, "utf8") : null),
      autoInstallFlag: ctx.options.autoInstall === true, interactive, confirm: ask, exec: execCapture,
      note: (m) => ctx.output.warn(m),
    }),
  });
  const built: BuiltArtifact[] = await Promise.all(sdists.map((s) => builder.build(s)));
  const fresh = built.filter((b) => !b.fromCache).length;
  ctx.output.info(`${built.length} binar${built.length === 1 ? "y" : "ies"} in ${cacheDir} (${fresh} built, ${built.length - fresh} already cached)`);
  return 0;
}

async function collectSdists(ctx: CommandContext): Promise<string[]> {
  const out = ctx.args.map((a) => resolve(ctx.cwd, a));
  const named: string[] = [];
  for (const file of list(ctx.options.requirement)) {
    const parsed = await parseRequirementsFile(file, { cwd: ctx.cwd, env: ctx.env });
    for (const entry of parsed.requirements) {
      const link = entry.link;
      if (link !== null && link.isFile && !link.isDirectory) {
        const path = fileURLToPath(link.url.split("#")[0] as string);
        if (!path.endsWith(".whl")) out.push(path);
      } else {
        named.push(entry.text);
      }
    }
  }
  if (named.length > 0) {
    throw new AccelError("build-needs-resolution", `pip-accel build does not resolve named requirements yet: ${named.join(", ")}`, {
      hint: "List local sdist files (paths or file: URLs) instead, or use pip-accel install, which resolves and fills the same cache.",
    });
  }
  for (const p of out) if (!existsSync(p)) throw new AccelError("usage", `No such sdist: ${p}`);
  return [...new Set(out)];
}

function reporter(ctx: CommandContext): BuildReporter {
  return {
    onBuildStart: (p) => ctx.output.info(`Building ${p}`),
    onOutput: (_p, chunk) => { for (const line of chunk.split("\n")) if (line !== "") ctx.output.debug(line); },
    onBuildDone: (p, i) => ctx.output.info(i.fromCache ? `Using cached ${p}` : `Built ${p} in ${i.seconds.toFixed(1)} s`),
    onNote: (p, m) => ctx.output.warn(`${p}: ${m}`),
  };
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} `)).trim());
  } finally {
    rl.close();
  }
}

/** Runs a command, output passed through to stderr and captured. */
function execCapture(argv: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ["inherit", "pipe", "pipe"] });
    let output = "";
    const take = (b: Buffer): void => { output += b.toString("utf8"); process.stderr.write(b); };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, output }));
  });
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === "string" && v !== "" ? [v] : [];
}
