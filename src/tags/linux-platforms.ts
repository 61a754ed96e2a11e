/**
 * Linux platform tags from a described C library (packaging's
 * `_manylinux.platform_tags`, `_musllinux.platform_tags` and
 * `tags._linux_platforms`), without probing the running system.
 */

/** A `[major, minor]` glibc or musl version. */
export type LibcVersion = readonly [number, number];

/** The C library an interpreter links against. */
export type Libc = { kind: "glibc"; version: LibcVersion } | { kind: "musl"; version: LibcVersion };

/** Architectures PEP 600 manylinux tags are defined for without an ELF check. */
const MANYLINUX_ARCHS = new Set(["x86_64", "aarch64", "ppc64", "ppc64le", "s390x", "loongarch64", "riscv64"]);

/** The aliases of PEP 513 / 571 / 599 for glibc 2.5, 2.12 and 2.17. */
const LEGACY_MANYLINUX: ReadonlyMap<string, string> = new Map([
  ["2.17", "manylinux2014"],
  ["2.12", "manylinux2010"],
  ["2.5", "manylinux1"],
]);

/** The assumed last minor of an older glibc major (packaging's `_LAST_GLIBC_MINOR`). */
const LAST_GLIBC_MINOR = 50;

/**
 * True when manylinux tags apply to these architectures. packaging reads the
 * interpreter's ELF header for `armv7l` (hard-float) and `i686`; a described
 * interpreter is assumed to be the usual hard-float / i686 build.
 */
function hasManylinuxAbi(archs: readonly string[]): boolean {
  if (archs.includes("armv7l") || archs.includes("i686")) return true;
  return archs.some((arch) => MANYLINUX_ARCHS.has(arch));
}

/**
 * `manylinux_<major>_<minor>_<arch>` from the given glibc down to 2.17 (2.5 on
 * x86_64 / i686), each legacy alias right after its PEP 600 tag. Older glibc
 * majors are assumed to end at minor 50.
 */
export function manylinuxPlatforms(glibc: LibcVersion, archs: readonly string[]): string[] {
  if (!hasManylinuxAbi(archs)) return [];
  const tooOld: LibcVersion = archs.some((a) => a === "x86_64" || a === "i686") ? [2, 4] : [2, 16];
  const maxima: LibcVersion[] = [glibc];
  for (let major = glibc[0] - 1; major > 1; major--) maxima.push([major, LAST_GLIBC_MINOR]);
  const out: string[] = [];
  for (const arch of archs) {
    for (const [major, maxMinor] of maxima) {
      const minMinor = major === tooOld[0] ? tooOld[1] : -1;
      for (let minor = maxMinor; minor > minMinor; minor--) {
        out.push(`manylinux_${major}_${minor}_${arch}`);
        const legacy = LEGACY_MANYLINUX.get(`${major}.${minor}`);
        if (legacy) out.push(`${legacy}_${arch}`);
      }
    }
  }
  return out;
}

/** `musllinux_<major>_<minor>_<arch>` from the given musl minor down to 0. */
export function musllinuxPlatforms(musl: LibcVersion, archs: readonly string[]): string[] {
  const out: string[] = [];
  for (const arch of archs) {
    for (let minor = musl[1]; minor >= 0; minor--) out.push(`musllinux_${musl[0]}_${minor}_${arch}`);
  }
  return out;
}

/**
 * The architectures a Linux machine runs, closest first: `armv8l` also runs
 * `armv7l`. `arch` is the `linux_<arch>` part of the platform (`x86_64`,
 * `aarch64`, `i686`, ...); pass the 32-bit name for a 32-bit interpreter.
 */
export function linuxArchs(arch: string): string[] {
  return arch === "armv8l" ? ["armv8l", "armv7l"] : [arch];
}

/**
 * All Linux platform tags, best first, as packaging 26.4 orders them:
 * `linux_<arch>` first, then manylinux (glibc) or musllinux (musl) tags.
 * Without a libc only the `linux_*` tags apply.
 */
export function linuxPlatforms(arch: string, libc: Libc | null): string[] {
  const archs = linuxArchs(arch);
  const out = archs.map((a) => `linux_${a}`);
  if (libc?.kind === "glibc") out.push(...manylinuxPlatforms(libc.version, archs));
  if (libc?.kind === "musl") out.push(...musllinuxPlatforms(libc.version, archs));
  return out;
}
