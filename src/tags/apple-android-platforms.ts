/**
 * Platform tag lists for macOS, iOS and Android, from an explicit OS version and
 * architecture (packaging's `mac_platforms`, `ios_platforms`,
 * `android_platforms`). Best first.
 */

/** A `[major, minor]` Apple OS version. */
export type AppleVersion = readonly [number, number];

function compareApple(a: AppleVersion, b: AppleVersion): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** Replaces `.`, `-` and spaces by `_` (packaging's `_normalize_string`). */
export function normalizePlatformString(text: string): string {
  return text.replace(/[.\- ]/g, "_");
}

/** The binary formats a macOS version on a CPU can load (packaging's `_mac_binary_formats`). */
function macBinaryFormats(version: AppleVersion, arch: string): string[] {
  const formats = [arch];
  const before104 = compareApple(version, [10, 4]) < 0;
  if (arch === "x86_64") {
    if (before104) return [];
    formats.push("intel", "fat64", "fat3");
  } else if (arch === "i386") {
    if (before104) return [];
    formats.push("intel", "fat3", "fat");
  } else if (arch === "ppc64") {
    if (compareApple(version, [10, 5]) > 0 || before104) return [];
    formats.push("fat64");
  } else if (arch === "ppc") {
    if (compareApple(version, [10, 6]) > 0) return [];
    formats.push("fat3", "fat");
  }
  if (arch === "arm64" || arch === "x86_64") formats.push("universal2");
  if (["x86_64", "i386", "ppc64", "ppc", "intel"].includes(arch)) formats.push("universal");
  return formats;
}

function macTagsFor(major: number, minor: number, arch: string): string[] {
  return macBinaryFormats([major, minor], arch).map((format) => `macosx_${major}_${minor}_${format}`);
}

/**
 * `macosx_<major>_<minor>_<format>` tags for a macOS version and CPU (`x86_64`,
 * `arm64`, `i386`, `ppc`, `ppc64`). From 11 on, only `X_0` of each major is
 * listed, then 10.16 down to 10.4 (`universal2` only on arm64).
 */
export function macPlatforms(version: AppleVersion, arch: string): string[] {
  const out: string[] = [];
  if (compareApple(version, [10, 0]) >= 0 && compareApple(version, [11, 0]) < 0) {
    for (let minor = version[1]; minor >= 0; minor--) out.push(...macTagsFor(10, minor, arch));
  }
  if (compareApple(version, [11, 0]) >= 0) {
    for (let major = version[0]; major > 10; major--) out.push(...macTagsFor(major, 0, arch));
    for (let minor = 16; minor > 3; minor--) {
      if (arch === "x86_64") out.push(...macTagsFor(10, minor, arch));
      else out.push(`macosx_10_${minor}_universal2`);
    }
  }
  return out;
}

/**
 * `ios_<major>_<minor>_<multiarch>` tags from the given version down to 12.0,
 * every minor up to 9 for older majors. `multiarch` is like `arm64-iphoneos`.
 */
export function iosPlatforms(version: AppleVersion, multiarch: string): string[] {
  const arch = multiarch.replace(/-/g, "_");
  if (version[0] < 12) return [];
  const out = [`ios_${version[0]}_${version[1]}_${arch}`];
  for (let minor = version[1] - 1; minor >= 0; minor--) out.push(`ios_${version[0]}_${minor}_${arch}`);
  for (let major = version[0] - 1; major > 11; major--) {
    for (let minor = 9; minor >= 0; minor--) out.push(`ios_${major}_${minor}_${arch}`);
  }
  return out;
}

/** `android_<level>_<abi>` from the API level down to 16 (the oldest CPython supports). */
export function androidPlatforms(apiLevel: number, abi: string): string[] {
  const normalized = normalizePlatformString(abi);
  const out: string[] = [];
  for (let level = apiLevel; level >= 16; level--) out.push(`android_${level}_${normalized}`);
  return out;
}
