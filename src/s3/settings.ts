/**
 * The shared cache's settings, as the original pip-accel named them
 * (pip-accel.conf `s3-*` keys, or `PIP_ACCEL_S3_*`, environment first):
 * `s3-bucket` (required to enable it), `s3-prefix`, `s3-url` (endpoint of
 * a non-AWS store), `s3-readonly`, `s3-create-bucket`, `s3-timeout`
 * (seconds, default 60), `s3-retries` (default 3), `s3-addressing`
 * (`path` or `virtual`; default `path` with `s3-url`, else `virtual`), and
 * `s3-sources` (share the source index too).
 */
import type { AccelSettingName } from "../config/accel-config.js";
import { parseConfigBoolean, type Setting } from "../config/pip-config.js";
import { AccelError } from "../report/errors.js";

export interface S3Settings {
  bucket: string;
  /** Without leading or trailing `/`; "" for the bucket's root. */
  prefix: string;
  /** The endpoint given by `s3-url`, else null (AWS for the region). */
  url: string | null;
  readonly: boolean;
  createBucket: boolean;
  timeoutMs: number;
  retries: number;
  addressing: "path" | "virtual" | null;
  sources: boolean;
}

function number(setting: Setting | undefined, fallback: number, what: string): number {
  if (setting === undefined) return fallback;
  const n = Number(setting.value);
  if (!Number.isFinite(n) || n < 0) {
    throw new AccelError("config-invalid", `${setting.source}: '${setting.value}' is not a valid ${what}`, { hint: `Give a non-negative number for ${what}.` });
  }
  return n;
}

/** The settings, or null when no bucket is configured (the shared cache is off). */
export function s3Settings(config: ReadonlyMap<AccelSettingName, Setting>): S3Settings | null {
  const bucket = config.get("s3-bucket")?.value.trim();
  if (!bucket) return null;
  const flag = (name: AccelSettingName): boolean => {
    const setting = config.get(name);
    return setting === undefined ? false : parseConfigBoolean(setting);
  };
  const addressing = config.get("s3-addressing");
  const mode = addressing?.value.trim().toLowerCase();
  if (mode !== undefined && mode !== "path" && mode !== "virtual") {
    throw new AccelError("config-invalid", `${addressing!.source}: s3-addressing must be 'path' or 'virtual', not '${addressing!.value}'`, {
      hint: "Use path for MinIO, Ceph and most self-hosted stores; virtual for AWS.",
    });
  }
  const url = config.get("s3-url")?.value.trim();
  if (url) {
    try {
      new URL(url);
    } catch {
      throw new AccelError("config-invalid", `${config.get("s3-url")!.source}: '${url}' is not a URL`, { hint: "e.g. PIP_ACCEL_S3_URL=http://minio.local:9000" });
    }
  }
  return {
    bucket,
    prefix: (config.get("s3-prefix")?.value ?? "").trim().replace(/^\/+|\/+$/g, ""),
    url: url ? url : null,
    readonly: flag("s3-readonly"),
    createBucket: flag("s3-create-bucket"),
    timeoutMs: number(config.get("s3-timeout"), 60, "s3-timeout (seconds)") * 1000,
    retries: number(config.get("s3-retries"), 3, "s3-retries"),
    addressing: (mode as "path" | "virtual" | undefined) ?? null,
    sources: flag("s3-sources"),
  };
}
