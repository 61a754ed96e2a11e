/**
 * Placing a stored file at its destination: hard link when possible, else a
 * copy-on-write clone, else a plain copy (across file systems, or where
 * links are not permitted). An existing destination is unlinked first, as
 * pip does, so a symlink at the destination is replaced, never followed.
 */
import { constants, copyFileSync, linkSync, lstatSync, unlinkSync } from "node:fs";
import { InstallError } from "./errors.js";

export type LinkMode = "hardlink" | "copy";

const FALLBACK_CODES = new Set(["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP", "EACCES"]);

/** Removes whatever is at `path` if it is a file or symlink; refuses to replace a directory. */
export function clearDestination(path: string): void {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (st.isDirectory()) throw new InstallError(`cannot install ${path}: a directory is in the way`);
  unlinkSync(path);
}

/**
 * Links or copies `source` (a regular file in the store) to `dest`. Returns
 * how it was placed. `sourceChecked`: the caller has seen `source` is a
 * regular file (the store's `get` does, for every file of an entry).
 */
export function placeFile(source: string, dest: string, mode: LinkMode, sourceChecked = false): "hardlink" | "copy" {
  if (!sourceChecked && !lstatSync(source).isFile()) throw new InstallError(`refusing to install ${source}: not a regular file in the store`);
  if (mode === "hardlink") {
    // link(2) never follows or overwrites what is at dest: on EEXIST clear it (refusing directories) and retry once.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(source, dest);
        return "hardlink";
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "";
        if (code === "EEXIST" && attempt === 0) clearDestination(dest);
        else if (FALLBACK_CODES.has(code)) break;
        else throw error;
      }
    }
  }
  clearDestination(dest);
  copyFileSync(source, dest, constants.COPYFILE_FICLONE);
  return "copy";
}
