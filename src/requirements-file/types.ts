/**
 * What parsing a requirements file produces.
 *
 * A `RequirementsFile` holds the requirement entries (`requirements`), the
 * constraint entries (`constraints`, from `-c` files or a file parsed with
 * `constraint: true`), the global options the files set (`options`), and
 * structured `warnings` (never printed here; the CLI renders them).
 *
 * Each `RequirementEntry` is what was *asked for*, with its source location;
 * it is never extended with later-stage data (candidates, metadata).
 * Everything is plain data: arrays and records, no Sets or Maps, so a result
 * can be serialized as JSON (except `requirement`, a pep508 object with
 * `toString()`).
 */
import type { Marker, Requirement } from "../pep508/index.js";

export type HashAlgorithm = "sha256" | "sha384" | "sha512";
/** `--hash` values per algorithm, in the order given. */
export type Hashes = Record<HashAlgorithm, string[]>;
/** `-C KEY=VAL` values; a repeated key turns into a list. */
export type ConfigSettings = Record<string, string | string[]>;

/** A line of a requirements file; `line` is the first physical line of a joined line. */
export interface FileOrigin {
  kind: "file";
  /** The file path as given (top level) or resolved (nested), or its URL. */
  file: string;
  line: number;
}
/** A requirement given as a command-line argument. */
export interface CommandLineOrigin {
  kind: "command-line";
}
export type EntryOrigin = FileOrigin | CommandLineOrigin;

/** A direct reference: where the requirement's artifact or project lives. */
export interface LinkInfo {
  /** The URL (paths are turned into `file:` URLs; fragments kept). */
  url: string;
  /** `file:` URL. */
  isFile: boolean;
  /** Given as a local path (not written as a URL). */
  isPath: boolean;
  /** Version-control URL (`git+https:…`, `hg+…`, `svn+…`, `bzr+…`). */
  isVcs: boolean;
  /** The VCS (`git`, `hg`, `svn`, `bzr`) when `isVcs`. */
  vcs: string | null;
  /** Local directory (a project to build), for file links that exist. */
  isDirectory: boolean;
  /** The `#egg=` fragment value. */
  eggName: string | null;
  /** The `#subdirectory=` fragment value. */
  subdirectory: string | null;
  /** The first hash fragment (`sha256=…`, also weak `md5`/`sha1`/`sha224`). */
  hashFragment: { algorithm: string; value: string } | null;
}

/**
 * One requirement or constraint.
 * - Named: `requirement` is the PEP 508 requirement (name, extras, specifier,
 *   marker, and `url` for `name @ url`); `link` is set for URL and path forms.
 * - Unnamed: `requirement` is null and `link` is set; the name is found
 *   later from metadata. `extras` and `marker` are then given separately.
 */
export interface RequirementEntry {
  requirement: Requirement | null;
  link: LinkInfo | null;
  /** Extras (lower-cased for path/URL forms), same as `requirement.extras` when named. */
  extras: string[];
  /** The marker, same as `requirement.marker` when named. */
  marker: Marker | null;
  editable: boolean;
  /** True for entries from `-c` files (or a top-level constraints file). */
  constraint: boolean;
  hashes: Hashes;
  configSettings: ConfigSettings;
  origin: EntryOrigin;
  /** pip's `comes_from`: `-r FILE (line N)` or `-c FILE (line N)`; null on the command line. */
  comesFrom: string | null;
  /** The requirement text as written (after comment stripping and `${VAR}` expansion). */
  text: string;
}

/** pip's FormatControl: canonical names, or `:all:`. */
export interface FormatControl {
  noBinary: string[];
  onlyBinary: string[];
}

/** pip 26's ReleaseControl (`--pre`, `--all-releases`, `--only-final`). */
export interface ReleaseControl {
  allReleases: string[];
  onlyFinal: string[];
}

export interface TrustedHost {
  host: string;
  /** `line N of FILE`. */
  source: string;
}

/** Global options accumulated over all files, in pip's order of effect. */
export interface GlobalOptions {
  /** The index list; `-i` replaces it, `--extra-index-url` appends, unless `noIndex`. */
  indexUrls: string[];
  /** Sticky: once set, later `-i`/`--extra-index-url` are ignored. */
  noIndex: boolean;
  findLinks: string[];
  trustedHosts: TrustedHost[];
  formatControl: FormatControl;
  releaseControl: ReleaseControl;
  preferBinary: boolean;
  requireHashes: boolean;
  noRequireHashes: boolean;
  useFeatures: string[];
}

export type WarningCode =
  | "decode-fallback"
  | "hash-without-requirement"
  | "missing-archive-file"
  | "ignored-option";

export interface RequirementsFileWarning {
  code: WarningCode;
  message: string;
  origin: FileOrigin | null;
}

export interface RequirementsFile {
  requirements: RequirementEntry[];
  constraints: RequirementEntry[];
  options: GlobalOptions;
  warnings: RequirementsFileWarning[];
  /** Every file read, in order (paths resolved, URLs as joined). */
  files: string[];
}

/** What `fetchUrl` returns: decoded text, or bytes we decode. */
export interface FetchedFile {
  text?: string;
  bytes?: Uint8Array;
}

/**
 * Synchronous file-system probes used to classify paths. The parser does no
 * I/O of its own: callers pass these (operations/local-files.ts has node's).
 */
export interface PathProbe {
  isDirectory(path: string): boolean;
  isFile(path: string): boolean;
  exists(path: string): boolean;
}

export interface ParseOptions {
  /** Reads a local file (operations/local-files.ts has node's). */
  readFile: (path: string) => Promise<Uint8Array>;
  /** Fetches `http:`, `https:` and `file:` URLs; without it a URL is an error. */
  fetchUrl?: (url: string) => Promise<FetchedFile>;
  /** Environment for `${VAR}`; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Base directory for relative paths; defaults to `process.cwd()`. */
  cwd?: string;
  /** Parse the top-level file as a constraints file (`-c`). */
  constraint?: boolean;
  /** Starting options (the command line's); the files update a copy. */
  initialOptions?: Partial<GlobalOptions>;
  /** Path probes (operations/local-files.ts has node's). */
  probe: PathProbe;
}
