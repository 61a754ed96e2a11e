/**
 * The installer's public surface, for `operations/` and the CLI.
 * Call order: `unpackWheel` / `unpackBinaryArchive` (once per archive, into
 * the store) → `computeScheme` (src/python) → `installFromStore` (with
 * `replaces` when another version is installed). Opening an environment
 * calls `recoverTransactions` first, which finishes or undoes what a killed
 * run left.
 */
export { unpackWheel, type UnpackOptions } from "./wheel-unpack.js";
export { unpackBinaryArchive } from "./binary-unpack.js";
export { Store, STORE_BUCKET, type StoreEntry, type StoreManifest, type StoreFile } from "./store.js";
export { installFromStore, type InstallOptions, type InstallResult, type TargetPython, type DirectUrl, type InstallReporter } from "./install.js";
export { stageUninstall, uninstallDistribution, distributionPaths, removalPaths, type StagedRemoval, type UninstallOptions } from "./uninstall.js";
export { recoverTransactions, type RecoveredTransaction } from "./transaction.js";
export { listDistributions, findDistribution, type InstalledDistribution } from "./environment.js";
export { checkDistributions, formatCheckProblem, type CheckProblem } from "./check.js";
export { compileBytecode } from "./compile.js";
export * from "./errors.js";
