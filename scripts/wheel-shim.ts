/**
 * A minimal stand-in for the `wheel` project, for the bench only.
 *
 * pip builds sdists in an isolated environment that needs `setuptools` and,
 * with setuptools < 70.1 (ensurepip bundles 65.5), `wheel` for the
 * `bdist_wheel` command and for `dist_info`'s `egg2dist`. There is no PyPI
 * here and ensurepip does not bundle `wheel`, so the bench serves this small
 * implementation of those two entry points (pure Python, setuptools-based,
 * the layout of wheel 0.38's `bdist_wheel`). pip-accel never uses it: it
 * builds with `setup.py bdist_dumb`.
 */
import type { FileEntry } from "../test/kit/index-server.js";
import { buildWheel } from "../test/kit/wheel-factory.js";

const BDIST_WHEEL = String.raw`"""bdist_wheel and egg2dist for setuptools (a bench stand-in for the wheel project)."""
import base64, csv, hashlib, os, shutil, sys, sysconfig, zipfile

import pkg_resources
from setuptools import Command


def _safe(text):
    return pkg_resources.safe_name(text).replace("-", "_")


def requires_dist(requires_txt):
    """requires.txt sections ([extra], [extra:marker], [:marker]) as Requires-Dist and Provides-Extra."""
    reqs, extras = [], []
    if not os.path.exists(requires_txt):
        return reqs, extras
    with open(requires_txt, encoding="utf-8") as f:
        sections = list(pkg_resources.split_sections(f.read()))
    for section, lines in sections:
        extra, _, marker = (section or "").partition(":")
        if extra and extra not in extras:
            extras.append(extra)
        conditions = ([f"({marker})"] if marker else []) + ([f'extra == "{extra}"'] if extra else [])
        for line in lines:
            reqs.append(line + ("; " + " and ".join(conditions) if conditions else ""))
    return reqs, extras


class bdist_wheel(Command):
    description = "create a wheel distribution (bench stand-in)"
    user_options = [("bdist-dir=", "b", ""), ("dist-dir=", "d", ""), ("plat-name=", "p", ""), ("keep-temp", "k", ""),
                    ("python-tag=", None, ""), ("build-number=", None, ""), ("py-limited-api=", None, ""), ("universal", None, "")]
    boolean_options = ["keep-temp", "universal"]

    def initialize_options(self):
        self.bdist_dir = self.dist_dir = self.plat_name = self.python_tag = self.build_number = self.py_limited_api = None
        self.keep_temp = self.universal = False

    def finalize_options(self):
        if self.bdist_dir is None:
            self.bdist_dir = os.path.join(self.get_finalized_command("bdist").bdist_base, "wheel")
        self.dist_dir = self.dist_dir or "dist"
        dist = self.distribution
        self.root_is_pure = not (dist.has_ext_modules() or dist.has_c_libraries())

    def egg2dist(self, egginfo_path, distinfo_path):
        os.makedirs(distinfo_path, exist_ok=True)
        with open(os.path.join(egginfo_path, "PKG-INFO"), encoding="utf-8") as f:
            head, sep, body = f.read().partition("\n\n")
        reqs, extras = requires_dist(os.path.join(egginfo_path, "requires.txt"))
        lines = [head.rstrip("\n")] + [f"Provides-Extra: {e}" for e in extras] + [f"Requires-Dist: {r}" for r in reqs]
        with open(os.path.join(distinfo_path, "METADATA"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n" + (sep[1:] + body if sep else ""))
        for name in ("entry_points.txt", "top_level.txt"):
            if os.path.exists(os.path.join(egginfo_path, name)):
                shutil.copy(os.path.join(egginfo_path, name), os.path.join(distinfo_path, name))
        shutil.rmtree(egginfo_path)

    def tag(self):
        if self.root_is_pure:
            return "py3-none-any"
        py = f"cp{sys.version_info[0]}{sys.version_info[1]}"
        return f"{py}-{py}-" + sysconfig.get_platform().replace("-", "_").replace(".", "_")

    def run(self):
        name, version = _safe(self.distribution.get_name()), _safe(self.distribution.get_version())
        self.run_command("build")
        install = self.reinitialize_command("install", reinit_subcommands=True)
        install.root, install.compile, install.skip_build, install.warn_dir = self.bdist_dir, False, True, False
        self.reinitialize_command("install_scripts").no_ep = True
        data_dir = f"{name}-{version}.data"
        for key in ("headers", "scripts", "data", "purelib", "platlib"):
            setattr(install, "install_" + key, os.path.join(data_dir, key))
        setattr(install, "install_purelib" if self.root_is_pure else "install_platlib", "")
        self.run_command("install")
        root = self.bdist_dir
        egg = [d for d in os.listdir(root) if d.endswith(".egg-info")][0]
        distinfo = f"{name}-{version}.dist-info"
        self.egg2dist(os.path.join(root, egg), os.path.join(root, distinfo))
        with open(os.path.join(root, distinfo, "WHEEL"), "w") as f:
            f.write(f"Wheel-Version: 1.0\nGenerator: bdist_wheel (bench stand-in)\nRoot-Is-Purelib: {str(self.root_is_pure).lower()}\nTag: {self.tag()}\n")
        os.makedirs(self.dist_dir, exist_ok=True)
        self.write_wheel(root, distinfo, os.path.join(self.dist_dir, f"{name}-{version}-{self.tag()}.whl"))
        if not self.keep_temp:
            shutil.rmtree(root)

    def write_wheel(self, root, distinfo, path):
        record, files = [], []
        for base, dirs, names in os.walk(root):
            dirs.sort()
            files += [os.path.relpath(os.path.join(base, n), root).replace(os.sep, "/") for n in sorted(names)]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for rel in files:
                with open(os.path.join(root, rel), "rb") as f:
                    data = f.read()
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                record.append((rel, f"sha256={digest}", str(len(data))))
                z.write(os.path.join(root, rel), rel)
            record.append((f"{distinfo}/RECORD", "", ""))
            lines = [",".join(row) for row in record]
            z.writestr(f"{distinfo}/RECORD", "\n".join(lines) + "\n")
`;

/** Writes `wheel-0.0.1-py3-none-any.whl` (the stand-in) into `outDir`; returns its index entry. */
export function buildWheelShim(outDir: string): FileEntry {
  const built = buildWheel({
    name: "wheel",
    version: "0.0.1",
    files: { "wheel/__init__.py": '__version__ = "0.0.1"\n', "wheel/bdist_wheel.py": BDIST_WHEEL },
    entryPoints: { "distutils.commands": { bdist_wheel: "wheel.bdist_wheel:bdist_wheel" } },
    metadata: { summary: "bench stand-in for the wheel project: bdist_wheel and egg2dist only" },
  }, outDir);
  return { filename: built.filename, path: built.path };
}
