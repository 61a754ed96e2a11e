import type { Checks } from "./types.js";

/** Filled in by the standard's implementer. */
export const checks: Checks = {};
