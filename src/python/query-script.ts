/**
 * The Python program behind `queryInterpreter`: one run prints one JSON
 * object with everything pip-accel needs to know about a target interpreter
 * (scheme templates, marker environment, tag inputs, environment flags).
 *
 * Scheme paths for `--prefix` and `--home`/`--target` are computed by the
 * interpreter's own `sysconfig` with a placeholder base, so TypeScript only
 * substitutes the directory (pip-behaviour.md §4.1). Compatible with
 * Python 3.7+ (no walrus, no f-string `=`).
 */
export const BASE_PLACEHOLDER = "@@PIP_ACCEL_BASE@@";

export const QUERY_SCRIPT = String.raw`
import sys, os, json, site, sysconfig, platform

PH = "${BASE_PLACEHOLDER}"

def preferred(kind):
    try:
        return sysconfig.get_preferred_scheme(kind)
    except Exception:
        if os.name == "nt":
            return {"prefix": "nt", "home": "nt", "user": "nt_user"}[kind]
        return {"prefix": "posix_prefix", "home": "posix_home", "user": "posix_user"}[kind]

def paths(scheme, vars=None):
    try:
        return sysconfig.get_paths(scheme=scheme, vars=vars, expand=True)
    except Exception:
        return None

def prefix_scheme():
    name = preferred("prefix")
    if name in ("posix_local", "osx_framework_library"):
        name = "posix_prefix"
    return name

base_vars = {"base": PH, "platbase": PH, "installed_base": PH, "installed_platbase": PH,
             "prefix": PH, "exec_prefix": PH, "userbase": PH}

def libc():
    try:
        name_version = os.confstr("CS_GNU_LIBC_VERSION")
        if name_version:
            parts = name_version.split()
            if len(parts) == 2 and parts[0] == "glibc":
                return {"kind": "glibc", "version": parts[1]}
    except Exception:
        pass
    try:
        import glob, subprocess
        loaders = sorted(glob.glob("/lib/ld-musl-*.so.1"))
        if loaders:
            proc = subprocess.run([loaders[0]], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            version = None
            for line in proc.stderr.decode("utf-8", "replace").splitlines():
                if line.startswith("Version "):
                    version = line.split()[1]
            return {"kind": "musl", "version": version}
    except Exception:
        pass
    return None

def marker_env():
    impl = sys.implementation
    info = impl.version
    iver = "{0.major}.{0.minor}.{0.micro}".format(info)
    if info.releaselevel != "final":
        iver += info.releaselevel[0] + str(info.serial)
    return {
        "implementation_name": impl.name,
        "implementation_version": iver,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }

def stdlib_dir():
    try:
        return sysconfig.get_paths()["stdlib"]
    except Exception:
        return None

def venv_templates():
    # For a base interpreter only: what a plain venv made from it would
    # report, with PH for the venv's directory (see venv-derive.ts).
    if getattr(sys, "base_prefix", sys.prefix) != sys.prefix or hasattr(sys, "real_prefix") or os.name != "posix":
        return None
    if sys.version_info >= (3, 11) and "venv" in sysconfig.get_scheme_names():
        name = "venv"
    elif preferred("prefix") == "posix_prefix":
        name = "posix_prefix"
    else:
        return None
    try:
        site_dirs = site.getsitepackages()
        venv_sites = site.getsitepackages([PH])
    except Exception:
        return None
    existing = [d for d in site_dirs if os.path.isdir(d)]
    entries = [p for p in sys.path if p]
    rest = [p for p in entries if p not in site_dirs]
    if entries != rest + existing:
        return None
    return {
        "default": paths(name, {"base": PH, "platbase": PH}),
        "prefix": paths(name, base_vars),
        "stdlibPath": rest,
        "baseSitePackages": existing,
        "sitePackages": venv_sites,
    }

cv = sysconfig.get_config_vars()
std = stdlib_dir()
result = {
    "executable": sys.executable,
    "prefix": sys.prefix,
    "basePrefix": getattr(sys, "base_prefix", sys.prefix),
    "execPrefix": sys.exec_prefix,
    "versionInfo": list(sys.version_info[:3]) + [sys.version_info.releaselevel, sys.version_info.serial],
    "implementation": sys.implementation.name,
    "cacheTag": sys.implementation.cache_tag,
    "pointerSize": 64 if sys.maxsize > 2 ** 32 else 32,
    "osName": os.name,
    "schemes": {
        "default": paths(preferred("prefix")),
        "user": paths(preferred("user")),
        "prefix": paths(prefix_scheme(), base_vars),
        "home": paths(preferred("home"), base_vars),
    },
    "userBase": site.getuserbase() if hasattr(site, "getuserbase") else None,
    "markerEnvironment": marker_env(),
    "tags": {
        "soabi": cv.get("SOABI"),
        "extSuffix": cv.get("EXT_SUFFIX"),
        "pyDebug": bool(cv.get("Py_DEBUG")),
        "pyGilDisabled": bool(cv.get("Py_GIL_DISABLED")),
        "withPymalloc": bool(cv.get("WITH_PYMALLOC")),
        "platform": sysconfig.get_platform(),
        "macVersion": platform.mac_ver()[0] or None,
        "libc": libc(),
    },
    "noUserSite": bool(sys.flags.no_user_site),
    "enableUserSite": site.ENABLE_USER_SITE,
    "inVirtualenv": sys.prefix != getattr(sys, "base_prefix", sys.prefix) or hasattr(sys, "real_prefix"),
    "externallyManaged": bool(std) and os.path.isfile(os.path.join(std, "EXTERNALLY-MANAGED")),
    "sysPath": [p for p in sys.path if p],
    "venvTemplates": venv_templates(),
}
sys.stdout.write(json.dumps(result))
`;
