/**
 * pip's resolution policy options as install, resolve, download and build
 * share them, merged with what the requirement files set; and how
 * locations on the command line and in files are made absolute. Small and
 * free of heavy imports: install's fast paths load it.
 */
import { resolve as resolvePath } from "node:path";
import type { GlobalOptions } from "../requirements-file/index.js";
import type { ResolveOptions } from "../resolver/lib.js";

/** pip's resolution policy options (the files' `--prefer-binary`, `--only-binary`, ... are added). */
export interface ResolutionPolicy {
  noDeps?: boolean;
  pre?: boolean;
  upgrade?: boolean;
  preferBinary?: boolean;
  onlyBinary?: readonly string[];
  noBinary?: readonly string[];
  requireHashes?: boolean;
  ignoreRequiresPython?: boolean;
}

/** The resolver's format and hash options: the command line's, plus the requirement files'. */
export function withFileOptions(policy: ResolutionPolicy, files: GlobalOptions | null | undefined): Pick<ResolveOptions, "preferBinary" | "onlyBinary" | "noBinary" | "requireHashes" | "ignoreRequiresPython"> {
  return {
    preferBinary: policy.preferBinary === true || (files?.preferBinary ?? false),
    onlyBinary: [...(policy.onlyBinary ?? []), ...(files?.formatControl.onlyBinary ?? [])],
    noBinary: [...(policy.noBinary ?? []), ...(files?.formatControl.noBinary ?? [])],
    requireHashes: policy.requireHashes === true || (files?.requireHashes ?? false),
    ignoreRequiresPython: policy.ignoreRequiresPython === true,
  };
}

/** Makes paths absolute against `cwd`; URLs (`scheme:`) stay as they are. */
export const absoluteIn = (cwd: string) => (location: string): string => (/^[a-z][a-z0-9+.-]*:/i.test(location) ? location : resolvePath(cwd, location));
