/**
 * Import-direction rules (see ../shared/ARCHITECTURE.md, "Dependency direction"):
 * cli -> operations -> {installer, builder, resolver/python-provider, index, cache, python}
 *     -> {resolver/core, requirements-file, pep508, pep440, report}.
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
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
  },
};
