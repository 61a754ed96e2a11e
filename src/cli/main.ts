#!/usr/bin/env node
/**
 * The `pip-accel` command's entry. `pip-accel --version` is answered here,
 * before any other module loads (it is what CI scripts run first, and a
 * module graph costs more than Node's own start-up), and so is an install
 * that a remembered no-op answers (noop-replay.ts); everything else is
 * program.ts, loaded on demand.
 */
import { restoreLauncherEnvironment } from "./launcher-env.js";
import { packageVersion } from "./version.js";

restoreLauncherEnvironment(process.env);
const args = process.argv.slice(2);
const runProgram = (): Promise<void> => import("./program.js").then((program) => program.main(process.argv));
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) process.stdout.write(`pip-accel ${packageVersion()}\n`);
// Not top-level awaits: the single-file executable's bundle is CommonJS.
else if (args.includes("install")) void import("./noop-replay.js").then((noop) => noop.replayNoop(process.argv, process.env, process.cwd(), process.stdout) ? undefined : runProgram());
else void runProgram();
