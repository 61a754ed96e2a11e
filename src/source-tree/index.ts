/**
 * Local source trees (project directories, VCS checkouts): the files that
 * count, their hash, and a deterministic archive for the builder.
 */
export { isInstallableTree, packTree, treeFiles, treeHash, type TreeFile, type TreeHashMode } from "./tree.js";
