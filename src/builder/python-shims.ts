/**
 * The Python the builder runs, as string constants passed with `-c`.
 *
 * Every script is run as `python -S -c SCRIPT ENV_SITE …`: `-S` keeps the
 * interpreter's own site-packages (and the user site) out of the build, so
 * only the provisioned build environment `ENV_SITE` (added with
 * `site.addsitedir`, which also runs its `.pth` files, e.g. setuptools'
 * distutils hack) and the standard library are importable.
 */

const ENV_PRELUDE = String.raw`
import os, sys, site
_env = sys.argv.pop(1)
for _d in [d for d in _env.split(os.pathsep) if d]:
    site.addsitedir(_d)
    if _d in sys.path:
        sys.path.remove(_d)
    sys.path.insert(1, _d)
`;

/**
 * pip's setuptools shim: import setuptools before running `setup.py` (so
 * distutils-only scripts build with setuptools' commands and produce an
 * `.egg-info` directory); with no `setup.py`, an equivalent `setup()` call
 * (setuptools reads `[project]` from pyproject.toml).
 * Usage: `python -S -c SETUP_SHIM ENV_SITE setup-args…`, cwd = source tree.
 */
export const SETUP_SHIM = ENV_PRELUDE + String.raw`
sys.path.insert(0, os.getcwd())
import setuptools, tokenize
__file__ = os.path.abspath("setup.py")
sys.argv[0] = __file__
if os.path.exists(__file__):
    with tokenize.open(__file__) as _f:
        _code = _f.read().replace("\r\n", "\n")
else:
    _code = "from setuptools import setup; setup()"
exec(compile(_code, __file__, "exec"))
`;

/**
 * A minimal PEP 517 hook caller.
 * Usage: `python -S -c HOOK_RUNNER ENV_SITE BACKEND BACKEND_PATH_JSON HOOK OUT_DIR RESULT_FILE`,
 * cwd = source tree. Writes `{"result": …}` to RESULT_FILE. Hooks:
 * `get_requires_for_build_wheel`, `build_wheel`, `prepare_metadata_for_build_wheel`
 * (falls back to `build_wheel` and answers `{"wheel": name}` when the backend lacks it),
 * `get_requires_for_build_editable` and `build_editable` (PEP 660; answers
 * `{"missing": true}` when the backend lacks it).
 */
export const HOOK_RUNNER = ENV_PRELUDE + String.raw`
import importlib, json
_backend_name, _backend_path, _hook, _out_dir, _result_file = sys.argv[1:6]
for _p in reversed(json.loads(_backend_path)):
    sys.path.insert(0, os.path.abspath(_p))
_mod, _, _obj = _backend_name.partition(":")
_backend = importlib.import_module(_mod)
for _part in [p for p in _obj.split(".") if p]:
    _backend = getattr(_backend, _part)
if _hook == "get_requires_for_build_wheel":
    _fn = getattr(_backend, "get_requires_for_build_wheel", None)
    _result = list(_fn()) if _fn else []
elif _hook == "build_wheel":
    _result = _backend.build_wheel(_out_dir)
elif _hook == "prepare_metadata_for_build_wheel":
    _fn = getattr(_backend, "prepare_metadata_for_build_wheel", None)
    _result = _fn(_out_dir) if _fn else {"wheel": _backend.build_wheel(_out_dir)}
elif _hook == "get_requires_for_build_editable":
    _fn = getattr(_backend, "get_requires_for_build_editable", None)
    _result = list(_fn()) if _fn else []
elif _hook == "build_editable":
    _fn = getattr(_backend, "build_editable", None)
    _result = _fn(_out_dir) if _fn else {"missing": True}
else:
    raise SystemExit("unknown hook " + _hook)
with open(_result_file, "w") as _f:
    json.dump({"result": _result}, _f)
`;
