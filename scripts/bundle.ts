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
 * - The no-op replay that main.ts asks first (cli/noop-replay.ts) is one
 *   file of its own, `chunks/noop-replay.mjs`, bundled without splitting:
 *   a replayed install is Node's start-up plus the entry and that file (the
 *   few small modules it shares with the rest are copied into it, rather
 *   than loaded as six chunks).
 * - `undici` and `cheerio`, as imported by pip-accel's own modules, resolve
 *   to slim entries (SLIM_ENTRIES) with the same exports minus what
 *   pip-accel never uses (fetch, WebSocket, cookies, mocks; cheerio's URL
 *   and stream loaders): undici's full index costs ~150 ms to evaluate on
 *   every run that touches the HTTP client. A name pip-accel imports that a
 *   slim entry lacks fails the build (esbuild's missing-export error, and
 *   the "will always be undefined" warning is raised to an error).
 */
import { build, type Metafile, type Plugin } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where the bundle goes, relative to the package root. */
export const BUNDLE_DIR = "dist/bin";
export const BUNDLE_ENTRY = `${BUNDLE_DIR}/pip-accel.mjs`;
/** The standalone no-op replay, relative to the package root. */
export const REPLAY_FILE = `${BUNDLE_DIR}/chunks/noop-replay.mjs`;

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

/** main.ts's `import("./noop-replay.js")` becomes an import of the standalone REPLAY_FILE. */
const standaloneReplay: Plugin = {
  name: "pip-accel-standalone-replay",
  setup(b) {
    b.onResolve({ filter: /^\.\/noop-replay\.js$/ }, (args) =>
      args.importer.endsWith("/dist/src/cli/main.js") ? { path: `./${REPLAY_FILE.slice(BUNDLE_DIR.length + 1)}`, external: true } : undefined);
  },
};

/** Bundles `dist/src/cli/main.js` (the tsc output) into BUNDLE_DIR under `root`. */
export async function bundleCli(root = ROOT): Promise<BundleResult> {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { version: string };
  const outdir = `${root}/${BUNDLE_DIR}`;
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    absWorkingDir: root, bundle: true, format: "esm", platform: "node", target: "node20", banner: { js: REQUIRE_SHIM },
    define: { __PIP_ACCEL_VERSION__: JSON.stringify(pkg.version) }, legalComments: "none", metafile: true,
    logOverride: { "import-is-undefined": "error" }, logLevel: "warning",
  } as const;
  const replay = await build({ ...common, entryPoints: ["dist/src/cli/noop-replay.js"], outfile: `${root}/${REPLAY_FILE}`, splitting: false });
  const result = await build({
    absWorkingDir: root,
    // The unpack worker (installer/unpack-thread.ts finds it next to the chunk that starts it).
    entryPoints: { "pip-accel": "dist/src/cli/main.js", "chunks/unpack-worker": "dist/src/installer/unpack-worker.js" },
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
    plugins: [slimDependencies(root), standaloneReplay],
    logOverride: { "import-is-undefined": "error" },
    logLevel: "warning",
  });
  return { outputs: { ...sizes(replay.metafile), ...sizes(result.metafile) } };
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
