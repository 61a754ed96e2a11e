#!/usr/bin/env node
/**
 * The `pip-accel` command's entry. `pip-accel --version` is answered here,
 * before any other module loads (it is what CI scripts run first, and a
 * module graph costs more than Node's own start-up); everything else is
 * program.ts, loaded on demand.
 */
import { packageVersion } from "./version.js";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) process.stdout.write(`pip-accel ${packageVersion()}\n`);
// Not a top-level await: the single-file executable's bundle is CommonJS.
else void import("./program.js").then((program) => program.main(process.argv));
