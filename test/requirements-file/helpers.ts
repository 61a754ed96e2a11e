/** Test helpers: parse in-memory files through the injected readFile/fetchUrl. */
import { parseRequirementsFile } from "../../src/requirements-file/index.js";
import type { ParseOptions, PathProbe, RequirementsFile } from "../../src/requirements-file/index.js";

export const NO_PATHS: PathProbe = { isDirectory: () => false, isFile: () => false, exists: () => false };

/** Parses `files[top]` with the other entries of `files` available as includes. */
export function parseFiles(files: Record<string, string | Uint8Array>, top: string, options: Partial<ParseOptions> = {}): Promise<RequirementsFile> {
  const bytes = (name: string): Uint8Array => {
    const content = files[name];
    if (content === undefined) throw new Error(`ENOENT: no such file or directory, open '${name}'`);
    return typeof content === "string" ? new TextEncoder().encode(content) : content;
  };
  return parseRequirementsFile(top, {
    readFile: async (p) => bytes(p),
    fetchUrl: async (url) => ({ bytes: bytes(url) }),
    env: {},
    cwd: "/work",
    probe: NO_PATHS,
    ...options,
  });
}

/** Parses one file `/work/r.txt` with the given text. */
export function parseText(text: string, options: Partial<ParseOptions> = {}): Promise<RequirementsFile> {
  return parseFiles({ "/work/r.txt": text }, "/work/r.txt", options);
}
