/**
 * `node dist/scripts/bundle.js`: bundles the CLI (after `tsc`) into
 * `dist/bin/pip-accel.mjs`, the package's `bin`. Start-up is dominated by
 * loading modules (~340 files for an install); one ESM entry plus a few
 * split chunks, loaded lazily per command, load in a fraction of that time
 * (figures in docs/perf.md).
 *
 * - Each command module stays a lazy `import()`, so `--version` loads only
 *   the entry (commander and the option table).
 * - CommonJS dependencies inside the ESM bundle get a real `require`
 *   (createRequire) for their `require("node:…")` calls.
 * - The package version is compiled in (`__PIP_ACCEL_VERSION__`), so the
 *   bundle does not read package.json at start-up.
 */
import { build, type Metafile } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where the bundle goes, relative to the package root. */
export const BUNDLE_DIR = "dist/bin";
export const BUNDLE_ENTRY = `${BUNDLE_DIR}/pip-accel.mjs`;

const REQUIRE_SHIM =
  'import { createRequire as __pipAccelCreateRequire } from "node:module";\n' +
  "const require = __pipAccelCreateRequire(import.meta.url);";

export interface BundleResult {
  /** output file → bytes */
  outputs: Record<string, number>;
}

/** Bundles `dist/src/cli/main.js` (the tsc output) into BUNDLE_DIR under `root`. */
export async function bundleCli(root = ROOT): Promise<BundleResult> {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { version: string };
  const outdir = `${root}/${BUNDLE_DIR}`;
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { "pip-accel": "dist/src/cli/main.js" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    banner: { js: REQUIRE_SHIM },
    define: { __PIP_ACCEL_VERSION__: JSON.stringify(pkg.version) },
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  return { outputs: sizes(result.metafile) };
}

function sizes(metafile: Metafile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [file, info] of Object.entries(metafile.outputs)) out[file] = info.bytes;
  return out;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outputs } = await bundleCli();
  const total = Object.values(outputs).reduce((a, b) => a + b, 0);
  process.stdout.write(`bundled ${BUNDLE_ENTRY}: ${Object.keys(outputs).length} files, ${(total / 1024).toFixed(0)} KiB\n`);
}
