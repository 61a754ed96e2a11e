/**
 * What an interpreter answers about itself (interpreter.ts asks it;
 * venv-derive.ts derives a new venv's answer from its base's).
 */
/** `sysconfig.get_paths()` output for one scheme. */
export type SchemePaths = Record<string, string>;

/** The PEP 508 marker variables, as `packaging.markers.default_environment()` gives them. */
export interface MarkerEnvironment {
  implementation_name: string;
  implementation_version: string;
  os_name: string;
  platform_machine: string;
  platform_release: string;
  platform_system: string;
  platform_version: string;
  python_full_version: string;
  platform_python_implementation: string;
  python_version: string;
  sys_platform: string;
}

/** What the query script prints (see query-script.ts). */
export interface InterpreterInfo {
  executable: string;
  prefix: string;
  basePrefix: string;
  execPrefix: string;
  /** [major, minor, micro, releaselevel, serial] */
  versionInfo: [number, number, number, string, number];
  implementation: string;
  /** `sys.implementation.cache_tag`, e.g. `cpython-311`, used for `.pyc` names. */
  cacheTag: string | null;
  pointerSize: 32 | 64;
  osName: string;
  /** `default` and `user` are expanded; `prefix` and `home` contain BASE_PLACEHOLDER. */
  schemes: { default: SchemePaths; user: SchemePaths | null; prefix: SchemePaths; home: SchemePaths | null };
  userBase: string | null;
  markerEnvironment: MarkerEnvironment;
  tags: {
    soabi: string | null;
    extSuffix: string | null;
    pyDebug: boolean;
    pyGilDisabled: boolean;
    withPymalloc: boolean;
    platform: string;
    macVersion: string | null;
    libc: { kind: "glibc" | "musl"; version: string | null } | null;
  };
  noUserSite: boolean;
  enableUserSite: boolean | null;
  inVirtualenv: boolean;
  externallyManaged: boolean;
  sysPath: string[];
  /** Base interpreters only: how to derive a venv made from it (venv-derive.ts); null otherwise. */
  venvTemplates?: VenvTemplates | null;
}

/** What a base interpreter's query prints about venvs made from it (see query-script.ts). */
export interface VenvTemplates {
  /** The venv's default scheme with BASE_PLACEHOLDER for the venv directory. */
  default: SchemePaths;
  /** The venv's `--prefix` template (every base is the placeholder). */
  prefix: SchemePaths;
  /** `sys.path` entries before the site directories (zip, stdlib, lib-dynload). */
  stdlibPath: string[];
  /** The base's own existing site directories, in `sys.path` order. */
  baseSitePackages: string[];
  /** `site.getsitepackages([BASE_PLACEHOLDER])`: the venv's candidate site directories. */
  sitePackages: string[];
}
