/**
 * The five install-scheme directories, by sysconfig's names, that a wheel's
 * `.data/` directory and a pip-accel binary archive are split into. The one
 * list: `python/scheme.ts` maps each to a real directory.
 */
export type SchemeKey = "purelib" | "platlib" | "headers" | "scripts" | "data";
export const SCHEME_KEYS: readonly SchemeKey[] = ["purelib", "platlib", "headers", "scripts", "data"];
