/**
 * Opening the target environment from a command's options: `--python`,
 * `--cache-dir` (else PIP_ACCEL_CACHE, pip-accel.conf `data-directory`,
 * ~/.pip-accel), and for install `--target/--prefix/--user/--root`.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { loadAccelConfig, type AccelSettingName } from "../config/accel-config.js";
import { parseConfigBoolean, type Setting } from "../config/pip-config.js";
import { cacheRootFrom } from "../operations/cache-root.js";
import { openEnvironment, recoveryMessage, type TargetEnvironment } from "../operations/environment.js";
import type { CommandContext } from "./context.js";

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** pip-accel's settings for this invocation (`--isolated` ignores the environment's), as main read them. */
function accelSettings(ctx: CommandContext): ReadonlyMap<AccelSettingName, Setting> {
  const env = ctx.options.isolated === true ? {} : ctx.env;
  return ctx.accel ?? loadAccelConfig({ env, home: ctx.env.HOME ?? homedir(), readFile: readOrNull });
}

/** The cache root for this invocation. */
export function commandCacheDir(ctx: CommandContext): string {
  const env = ctx.options.isolated === true ? {} : ctx.env;
  const accel = accelSettings(ctx);
  const given = typeof ctx.options.cacheDir === "string" ? ctx.options.cacheDir : undefined;
  return cacheRootFrom(given, { ...env, HOME: ctx.env.HOME }, ctx.cwd, accel.get("data-directory")?.value);
}

/** `--trust-mtimes`, else pip-accel's `trust-mod-times` setting (PIP_ACCEL_TRUST_MOD_TIMES); default off. */
export function commandTrustsMtimes(ctx: CommandContext): boolean {
  if (ctx.options.trustMtimes === true) return true;
  const setting = accelSettings(ctx).get("trust-mod-times");
  return setting !== undefined && parseConfigBoolean(setting);
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Opens the environment the command acts on. */
export async function commandEnvironment(ctx: CommandContext, cacheDir = commandCacheDir(ctx)): Promise<TargetEnvironment> {
  const environment = await openEnvironment({
    python: str(ctx.options.python), cacheDir, env: ctx.env, cwd: ctx.cwd,
    target: str(ctx.options.target), prefix: str(ctx.options.prefix), root: str(ctx.options.root),
    user: ctx.options.user === true,
  });
  for (const recovered of environment.recovered) ctx.output.warn(recoveryMessage(recovered));
  return environment;
}
