/**
 * `pip-accel` as a library: the same operations the CLI runs, with reporter
 * callbacks instead of printing.
 *
 *     import { install } from "pip-accel";
 *     const summary = await install({ requirementFiles: ["requirements.txt"], findLinks: ["./wheels"],
 *       cacheDir: "/tmp/cache", python: ".venv", reporter: { onInstalled: (d) => log(d) } });
 */
export { install, type InstallOptions, type InstallSummary, type InstallReporter, type FastPath } from "./operations/install-pipeline.js";
export { openEnvironment, cacheRoot, interpreterTags, type TargetEnvironment, type EnvironmentOptions } from "./operations/environment.js";
export { listInstalled, freezeInstalled, showInstalled, checkInstalled, type ListedDistribution, type ShownDistribution } from "./operations/inspect.js";
export { planUninstall, removeDistributions, type UninstallReporter } from "./operations/uninstall.js";
export { Planner, type Plan, type PlanItem, type PlanOptions } from "./operations/plan.js";
export { InstallInterrupted, type InstalledItem } from "./operations/execute-plan.js";
export { AccelError, isAccelError } from "./report/errors.js";

import { openEnvironment, type EnvironmentOptions } from "./operations/environment.js";
import { planUninstall, removeDistributions, type UninstallReporter } from "./operations/uninstall.js";

/** Uninstalls `names` from the environment; returns the names that were not installed. */
export async function uninstall(names: string[], options: EnvironmentOptions & { reporter?: UninstallReporter }): Promise<{ removed: string[]; missing: string[] }> {
  const environment = await openEnvironment(options);
  const { found, missing } = planUninstall(environment, names);
  removeDistributions(environment, found, options.reporter);
  return { removed: found.map((d) => `${d.name}-${d.version}`), missing };
}
