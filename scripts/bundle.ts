/**
 * `node dist/scripts/bundle.js`: bundles the CLI (after `tsc`) into
 * `dist/bin/`. Start-up is dominated by loading modules (~340 files for an
 * install); a few split chunks, loaded lazily per command, load in a
 * fraction of that time (figures in docs/perf.md).
 *
 * - The package's `bin`, `dist/bin/pip-accel`, is a shell launcher
 *   (src/cli/pip-accel.sh) that keeps Node from parsing NODE_EXTRA_CA_CERTS
 *   at start-up and runs `dist/bin/pip-accel.cjs`.
 * - `dist/bin/pip-accel.cjs` is main.ts as one small
 *   CommonJS file: it answers `--version` and a remembered no-op
 *   (cli/noop-replay.ts, bundled into it) by itself, and imports the ES
 *   module program (`dist/bin/program.mjs`, program.ts) for everything
 *   else. A CommonJS entry starts ~4 ms sooner than an ES module one (Node
 *   sets up its ES loader only when the first ES module loads).
 * - Each command module stays a lazy `import()`, so a command loads only
 *   the program (commander and the option table) and its own chunks.
 * - CommonJS dependencies inside the ESM bundle get a real `require`
 *   (createRequire) for their `require("node:…")` calls.
 * - The package version is compiled in (`__PIP_ACCEL_VERSION__`), so the
 *   bundle does not read package.json at start-up.
 * - `undici` and `cheerio`, as imported by pip-accel's own modules, resolve
 *   to slim entries (SLIM_ENTRIES) with the same exports minus what
 *   pip-accel never uses (fetch, WebSocket, cookies, mocks; cheerio's URL
 *   and stream loaders): undici's full index costs ~150 ms to evaluate on
 *   every run that touches the HTTP client. A name pip-accel imports that a
 *   slim entry lacks fails the build (esbuild's missing-export error, and
 *   the "will always be undefined" warning is raised to an error).
 */
import { build, type Metafile, type Plugin } from "esbuild";
import { chmodSync, copyFileSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where the bundle goes, relative to the package root. */
export const BUNDLE_DIR = "dist/bin";
export const BUNDLE_ENTRY = `${BUNDLE_DIR}/pip-accel.cjs`;
/** The package's `bin`: src/cli/pip-accel.sh, which runs BUNDLE_ENTRY (see there why). */
export const LAUNCHER = `${BUNDLE_DIR}/pip-accel`;
/** The ES module program the entry imports (exports program.ts's `main`). */
export const PROGRAM_FILE = `${BUNDLE_DIR}/program.mjs`;

const REQUIRE_SHIM =
  'import { createRequire as __pipAccelCreateRequire } from "node:module";\n' +
  "const require = __pipAccelCreateRequire(import.meta.url);";

const UNDICI_INTERCEPTORS = ["redirect", "responseError", "retry", "dump", "dns", "cache", "decompress", "deduplicate"];
const UNDICI_DISPATCHERS = ["Agent", "Client", "Pool", "Dispatcher", "EnvHttpProxyAgent", "ProxyAgent", "RetryAgent"];

/** Slim replacement modules, by package name: `dir` is the package's directory. */
export const SLIM_ENTRIES: Record<string, (dir: string) => string> = {
  undici: (dir) => [
    ...UNDICI_DISPATCHERS.map((name) => `import ${name} from ${JSON.stringify(`${dir}/lib/dispatcher/${kebab(name)}.js`)};`),
    ...UNDICI_INTERCEPTORS.map((name) => `import ${name} from ${JSON.stringify(`${dir}/lib/interceptor/${kebab(name)}.js`)};`),
    `import errors from ${JSON.stringify(`${dir}/lib/core/errors.js`)};`,
    `import api from ${JSON.stringify(`${dir}/lib/api/index.js`)};`,
    // undici's index.js has exactly one side effect: the request API on every dispatcher.
    "Object.assign(Dispatcher.prototype, api);",
    `export { ${UNDICI_DISPATCHERS.join(", ")}, errors };`,
    `export const interceptors = { ${UNDICI_INTERCEPTORS.join(", ")} };`,
  ].join("\n"),
  cheerio: (dir) => [
    `export * from ${JSON.stringify(`${dir}/dist/esm/load-parse.js`)};`,
    `export { contains, merge } from ${JSON.stringify(`${dir}/dist/esm/static.js`)};`,
  ].join("\n"),
};

function kebab(name: string): string {
  return name.replace(/^[A-Z]+(?=[A-Z][a-z])|[A-Z]/g, (m, offset: number) => (offset > 0 ? "-" : "") + m.toLowerCase());
}

/** Resolves `undici`/`cheerio` imported from dist/src to their slim entries. */
export function slimDependencies(root: string): Plugin {
  const require = createRequire(`${root}/package.json`);
  return {
    name: "pip-accel-slim-dependencies",
    setup(b) {
      b.onResolve({ filter: /^(undici|cheerio)$/ }, (args) =>
        args.importer.includes("/dist/src/") ? { path: args.path, namespace: "pip-accel-slim" } : undefined);
      // commander requires child_process at load time for executable subcommands, which pip-accel has none of:
      // its one use is deferred, so a command that runs nothing skips loading child_process, net and dgram.
      b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        args.importer.includes("/node_modules/commander/") ? { path: "child_process", namespace: "pip-accel-lazy" } : undefined);
      b.onLoad({ filter: /.*/, namespace: "pip-accel-lazy" }, () => ({
        contents: 'module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };', loader: "js",
      }));
      b.onLoad({ filter: /.*/, namespace: "pip-accel-slim" }, (args) => {
        const dir = dirname(require.resolve(`${args.path}/package.json`));
        return { contents: SLIM_ENTRIES[args.path]!(dir), resolveDir: dir, loader: "js" };
      });
    },
  };
}

export interface BundleResult {
  /** output file → bytes */
  outputs: Record<string, number>;
}

/** The entry's `import("./program.js")` becomes an import of PROGRAM_FILE, beside it. */
const programBesideEntry: Plugin = {
  name: "pip-accel-program-beside-entry",
  setup(b) {
    b.onResolve({ filter: /^\.\/program\.js$/ }, (args) =>
      args.importer.endsWith("/dist/src/cli/main.js") ? { path: `./${PROGRAM_FILE.slice(BUNDLE_DIR.length + 1)}`, external: true } : undefined);
  },
};

/** Bundles `dist/src/cli/main.js` (the tsc output) into BUNDLE_DIR under `root`. */
export async function bundleCli(root = ROOT): Promise<BundleResult> {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { version: string };
  const outdir = `${root}/${BUNDLE_DIR}`;
  rmSync(outdir, { recursive: true, force: true });
  const define = { __PIP_ACCEL_VERSION__: JSON.stringify(pkg.version) };
  const common = {
    absWorkingDir: root, bundle: true, platform: "node", target: "node20", legalComments: "none", metafile: true,
    logOverride: { "import-is-undefined": "error" }, logLevel: "warning",
  } as const;
  const entry = await build({
    ...common, entryPoints: ["dist/src/cli/main.js"], outfile: `${root}/${BUNDLE_ENTRY}`, format: "cjs", plugins: [programBesideEntry],
    // version.ts reads package.json through import.meta.url only where no version is compiled in.
    define: { ...define, "import.meta.url": "undefined" },
  });
  const result = await build({
    ...common,
    // The unpack worker (installer/unpack-thread.ts finds it next to the chunk that starts it).
    entryPoints: { program: "dist/src/cli/program.js", "chunks/unpack-worker": "dist/src/installer/unpack-worker.js" },
    outdir,
    splitting: true,
    format: "esm",
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    banner: { js: REQUIRE_SHIM },
    define,
    plugins: [slimDependencies(root)],
  });
  copyFileSync(`${root}/src/cli/pip-accel.sh`, `${root}/${LAUNCHER}`);
  chmodSync(`${root}/${LAUNCHER}`, 0o755);
  return { outputs: { ...sizes(entry.metafile), ...sizes(result.metafile), [LAUNCHER]: statSync(`${root}/${LAUNCHER}`).size } };
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
