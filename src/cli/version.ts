/**
 * pip-accel's version: compiled in by the bundlers (`__PIP_ACCEL_VERSION__`,
 * scripts/bundle.ts and scripts/build-exe.ts), else read from package.json
 * next to the tsc output.
 */
import { readFileSync } from "node:fs";

declare const __PIP_ACCEL_VERSION__: string | undefined;

export function packageVersion(): string {
  if (typeof __PIP_ACCEL_VERSION__ === "string") return __PIP_ACCEL_VERSION__;
  try {
    return (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "0";
  }
}
