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

const LEGACY_GLIBC: Readonly<Record<string, LibcVersion>> = { manylinux2014: [2, 17], manylinux2010: [2, 12], manylinux1: [2, 5] };

/**
 * What a target named by one platform tag runs, best first (uv's reading of a platform,
 * not pip's literal one): `manylinux_2_36_x86_64` (or an alias such as `manylinux2014_x86_64`)
 * is a glibc 2.36 machine and runs every older manylinux tag, down to `manylinux1`, then
 * `linux_x86_64`; `musllinux_1_2_x86_64` runs `musllinux_1_1` and `_1_0`, then `linux_*`.
 * Any other platform is returned as given.
 */
export function expandPlatform(platform: string): string[] {
  let libc: Libc | null = null;
  let arch = "";
  const pep600 = /^(manylinux|musllinux)_(\d+)_(\d+)_(.+)$/.exec(platform);
  const legacy = /^(manylinux2014|manylinux2010|manylinux1)_(.+)$/.exec(platform);
  if (pep600) {
    libc = { kind: pep600[1] === "manylinux" ? "glibc" : "musl", version: [Number(pep600[2]), Number(pep600[3])] };
    arch = pep600[4]!;
  } else if (legacy) {
    libc = { kind: "glibc", version: LEGACY_GLIBC[legacy[1]!]! };
    arch = legacy[2]!;
  }
  if (libc === null) return [platform];
  const archs = linuxArchs(arch);
  const tags = libc.kind === "glibc" ? manylinuxPlatforms(libc.version, archs) : musllinuxPlatforms(libc.version, archs);
  return [...new Set([platform, ...tags, ...archs.map((a) => `linux_${a}`)])];
}

/** `expandPlatform` over a list, keeping the order and the first of duplicates. */
export function expandPlatforms(platforms: readonly string[]): string[] {
  return [...new Set(platforms.flatMap(expandPlatform))];
}

/**
 * `expandPlatform` applied to full tags (`cp311-cp311-manylinux_2_36_x86_64`): each tag is
 * followed by the same interpreter and ABI on every older platform. Tags stay best first;
 * a list that already holds the older tags (an interpreter's own) is unchanged in content.
 */
export function expandTagPlatforms(tags: readonly string[]): readonly string[] {
  const platforms = new Set(tags.map((tag) => tag.slice(tag.lastIndexOf("-") + 1)));
  const complete = [...platforms].every((platform) => expandPlatform(platform).every((p) => platforms.has(p)));
  if (complete) return tags; // an interpreter's own list: nothing to add (the common case, kept cheap)
  const out = new Set<string>();
  for (const tag of tags) {
    const cut = tag.lastIndexOf("-");
    if (cut < 0) {
      out.add(tag);
      continue;
    }
    const head = tag.slice(0, cut + 1);
    for (const platform of expandPlatform(tag.slice(cut + 1))) out.add(`${head}${platform}`);
  }
  return [...out];
}
