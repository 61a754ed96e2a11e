/**
 * Import-direction rules (see ../shared/ARCHITECTURE.md, "Dependency direction"):
 * cli -> operations -> {resolver (with index, metadata and cache behind its sources), builder, installer, python}
 *     -> {archive, cache, metadata} -> {requirements-file, pep508, pep440, filenames, tags, report}.
 * The builder never imports the installer: operations hands it "install this
 * artifact into a build environment" (builder/build-env.ts ArtifactInstaller).
 * The standards (pep440, pep508, filenames, tags, requirements-file, metadata)
 * do no I/O: files, processes and sockets are the callers'.
 * pep508 may use pep440 (markers compare versions; requirements hold specifiers).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cli-imports", severity: "error", comment: "Nothing under src/ imports the CLI.",
      from: { path: "^dist/src/", pathNot: "^dist/src/cli/" }, to: { path: "^dist/src/cli/" } },
    { name: "pep440-is-pure", severity: "error", comment: "pep440 imports only report.",
      from: { path: "^dist/src/pep440/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(pep440|report)/" } },
    { name: "pep508-is-pure", severity: "error", comment: "pep508 imports only pep440, report and the one name normalisation (filenames/names).",
      from: { path: "^dist/src/pep508/" }, to: { path: "^dist/src/", pathNot: "^dist/src/((pep508|pep440|report)/|filenames/names\\.js$)" } },
    { name: "standards-are-pure", severity: "error", comment: "filenames and tags import only standards and report.",
      from: { path: "^dist/src/(filenames|tags)/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(filenames|tags|pep440|pep508|report)/" } },
    { name: "resolver-core-is-generic", severity: "error", comment: "The resolver core speaks to the world only through its Provider.",
      from: { path: "^dist/src/resolver/core" }, to: { path: "^dist/src/", pathNot: "^dist/src/(resolver/core|resolver/provider|resolver/reporter|resolver/errors|report)" } },
    { name: "lower-layers-do-not-import-operations", severity: "error", comment: "Only cli and lib.ts import operations.",
      from: { path: "^dist/src/", pathNot: "^dist/src/(cli/|operations/|lib\\.js)" }, to: { path: "^dist/src/operations/" } },
    { name: "stages-do-not-import-each-other-upwards", severity: "error", comment: "index, cache, installer and python do not import builder or the resolver's provider.",
      from: { path: "^dist/src/(index|cache|installer|python|requirements-file)/" }, to: { path: "^dist/src/(builder|resolver/python-provider)" } },
    { name: "resolver-library-is-io-free", severity: "error", comment: "The resolver library never runs processes.",
      from: { path: "^dist/src/resolver/" }, to: { path: "^(node:)?child_process$|^dist/src/(builder|installer|python)/" } },
    { name: "config-is-a-leaf", severity: "error", comment: "Configuration loading imports only report.",
      from: { path: "^dist/src/config/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(config|report)/" } },
    { name: "cli-goes-through-operations", severity: "error", comment: "The CLI translates options and prints: it imports only operations, config and report.",
      from: { path: "^dist/src/cli/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(cli|operations|config|report)/" } },
    { name: "builder-does-not-import-installer", severity: "error", comment: "Build environments are provisioned through the ArtifactInstaller operations gives the builder.",
      from: { path: "^dist/src/builder/" }, to: { path: "^dist/src/installer/" } },
    { name: "archive-is-a-layer", severity: "error", comment: "The archive layer (zip/tar reading and writing, contained paths) imports only itself and report.",
      from: { path: "^dist/src/archive/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(archive|report)/" } },
    { name: "metadata-reads-what-it-is-given", severity: "error", comment: "Metadata parsing uses the archive reader and the standards, never the index, installer, builder or resolver.",
      from: { path: "^dist/src/metadata/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(metadata|archive/(zip-reader|errors|member-path|limits)\\.js$|pep440|pep508|filenames|report)" } },
    { name: "standards-do-no-io", severity: "error", comment: "Standards parse what they are given: no files, processes, sockets or HTTP (readers are passed in).",
      from: { path: "^dist/src/(pep440|pep508|filenames|tags|requirements-file|metadata)/" },
      to: { path: "^(node:)?(fs|fs/promises|child_process|net|http|https|http2|tls|dgram|worker_threads)$|^undici$|^dist/src/(index|cache|python|installer|builder)/" } },
    { name: "s3-is-a-client", severity: "error", comment: "The S3 client uses only the HTTP client, config and report; the shared cache built on it lives in operations.",
      from: { path: "^dist/src/s3/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(s3/|index/http\\.js$|index/credentials\\.js$|index/limiter\\.js$|index/never-pause\\.js$|config/|report/)" } },
    { name: "vcs-and-trees-are-leaves", severity: "error", comment: "git and source trees know nothing of the stages: the SourceTrees that uses them lives in operations.",
      from: { path: "^dist/src/(vcs|source-tree)/" }, to: { path: "^dist/src/", pathNot: "^dist/src/(vcs|source-tree|report)/" } },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
  },
};
