/**
 * pip-accel's own settings (not pip's): where the cache lives, whether system
 * packages may be installed, retry counts, and the like.
 *
 * Precedence, highest first: the command line; PIP_ACCEL_* environment
 * variables (only when non-empty, as the original pip-accel); $PIP_ACCEL_CONFIG;
 * ~/.pip-accel/pip-accel.conf; /etc/pip-accel.conf; built-in defaults.
 * Files are INI with one `[pip-accel]` section; a file that exists but cannot
 * be parsed, or lacks that section, is an error that names it.
 */
import { join } from "node:path";
import { AccelError } from "../report/errors.js";
import { parseConfigBoolean, parseConfigText, readConfigFile, type Setting } from "./pip-config.js";

/** Known keys: config-file name -> environment variable. */
export const ACCEL_SETTINGS = {
  "data-directory": "PIP_ACCEL_CACHE",
  "auto-install": "PIP_ACCEL_AUTO_INSTALL",
  "max-retries": "PIP_ACCEL_MAX_RETRIES",
  "log-verbosity": "PIP_ACCEL_LOG_VERBOSITY",
  "trust-mod-times": "PIP_ACCEL_TRUST_MOD_TIMES",
  "s3-url": "PIP_ACCEL_S3_URL",
  "s3-bucket": "PIP_ACCEL_S3_BUCKET",
  "s3-prefix": "PIP_ACCEL_S3_PREFIX",
  "s3-readonly": "PIP_ACCEL_S3_READONLY",
  "s3-create-bucket": "PIP_ACCEL_S3_CREATE_BUCKET",
  "s3-timeout": "PIP_ACCEL_S3_TIMEOUT",
  "s3-retries": "PIP_ACCEL_S3_RETRIES",
  "s3-addressing": "PIP_ACCEL_S3_ADDRESSING",
  "s3-sources": "PIP_ACCEL_S3_SOURCES",
} as const;

export type AccelSettingName = keyof typeof ACCEL_SETTINGS;

export interface AccelConfigOptions {
  env: Record<string, string | undefined>;
  home: string;
  /** Default: `readConfigFile`. */
  readFile?: (path: string) => string | null;
}

export function accelConfigFiles(env: Record<string, string | undefined>, home: string): string[] {
  const files = ["/etc/pip-accel.conf", join(home, ".pip-accel", "pip-accel.conf")];
  if (env.PIP_ACCEL_CONFIG) files.push(env.PIP_ACCEL_CONFIG);
  return files;
}

/** Loads pip-accel's settings; unknown keys in a file are errors (they are usually typos). */
export function loadAccelConfig(options: AccelConfigOptions): Map<AccelSettingName, Setting> {
  const result = new Map<AccelSettingName, Setting>();
  for (const file of accelConfigFiles(options.env, options.home)) {
    const text = (options.readFile ?? readConfigFile)(file);
    if (text === null) {
      if (file === options.env.PIP_ACCEL_CONFIG) {
        throw new AccelError("config-missing", `PIP_ACCEL_CONFIG names ${file}, which does not exist`, {
          hint: "Create the file or unset PIP_ACCEL_CONFIG.",
        });
      }
      continue;
    }
    const section = parseConfigText(text, file)["pip-accel"];
    if (!section) {
      throw new AccelError("config-invalid", `Configuration file ${file} has no [pip-accel] section`, {
        hint: "Put pip-accel's settings under a [pip-accel] header.",
      });
    }
    for (const [key, value] of Object.entries(section)) {
      if (!(key in ACCEL_SETTINGS)) {
        throw new AccelError("config-invalid", `Configuration file ${file}: unknown setting '${key}'`, {
          hint: `Known settings: ${Object.keys(ACCEL_SETTINGS).join(", ")}.`,
        });
      }
      result.set(key as AccelSettingName, { value, source: `${file} [pip-accel] ${key}` });
    }
  }
  for (const [key, variable] of Object.entries(ACCEL_SETTINGS) as [AccelSettingName, string][]) {
    const value = options.env[variable];
    if (value) result.set(key, { value, source: `environment ${variable}` });
  }
  for (const [key, setting] of result) checkAccelSetting(key, setting);
  return result;
}

/** `log-verbosity` names, as the original pip-accel's (Python logging levels, plus coloredlogs' verbose and notice). */
export const LOG_VERBOSITY: Readonly<Record<string, number>> = { debug: 2, verbose: 1, info: 0, notice: 0, warning: -1, error: -2, critical: -3 };

const BOOLEAN_SETTINGS: readonly AccelSettingName[] = ["auto-install", "trust-mod-times", "s3-readonly", "s3-create-bucket", "s3-sources"];

/** Rejects a value its setting cannot take, naming where it came from (file and key, or variable). */
function checkAccelSetting(key: AccelSettingName, setting: Setting): void {
  const bad = (what: string, hint: string): never => {
    throw new AccelError("config-invalid", `${setting.source}: '${setting.value}' is not ${what}`, { hint });
  };
  const value = setting.value.trim();
  if (BOOLEAN_SETTINGS.includes(key)) parseConfigBoolean(setting);
  else if (key === "max-retries" || key === "s3-retries") {
    if (!/^\d+$/.test(value)) bad("a valid count", `Give a whole number of retries, 0 or more, for ${key}.`);
  } else if (key === "s3-timeout") {
    if (value === "" || !Number.isFinite(Number(value)) || Number(value) < 0) bad("a valid timeout", "Give a number of seconds, 0 or more.");
  } else if (key === "log-verbosity") {
    if (!(value.toLowerCase() in LOG_VERBOSITY)) bad("a log level", `Use one of ${Object.keys(LOG_VERBOSITY).join(", ")}.`);
  } else if (key === "s3-addressing") {
    if (!["path", "virtual"].includes(value.toLowerCase())) bad("an S3 addressing style", "Use path (MinIO, Ceph, most self-hosted stores) or virtual (AWS).");
  } else if (key === "s3-url" && value !== "" && !URL.canParse(value)) {
    bad("a URL", "e.g. PIP_ACCEL_S3_URL=http://minio.local:9000");
  }
}
