/**
 * Node's file access for the requirement-file parser, which does none of its
 * own: `readFile` for `-r`/`-c` files, `probe` to tell paths from names.
 */
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { PathProbe } from "../requirements-file/index.js";

export const NODE_PROBE: PathProbe = {
  isDirectory: (p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isFile: (p) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  exists: (p) => statSync(p, { throwIfNoEntry: false }) !== undefined,
};

export const LOCAL_FILES = {
  readFile: (path: string): Promise<Uint8Array> => readFile(path),
  probe: NODE_PROBE,
} as const;
