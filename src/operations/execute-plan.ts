/**
 * Executing a plan: every prepared store entry is linked into the target
 * scheme. A distribution that replaces an installed one goes through
 * `installFromStore` with `replaces`: the old version is stashed first and restored if
 * the new install fails or is interrupted (`signal`), so an upgrade never
 * leaves a half-installed project. Distributions are installed one after
 * another; each is all-or-nothing, also across kill -9 (the next run's
 * `openEnvironment` finishes or undoes it from the installer's journal).
 */
// The modules themselves, not installer/index.js: the barrel would bring the archive readers into every install.
import { installFromStore, type DirectUrl } from "../installer/install.js";
import type { StoreEntry } from "../installer/store.js";
import { AccelError } from "../report/errors.js";
import type { TargetEnvironment } from "./environment.js";
import { planInstalls, type Plan } from "./plan.js";

export interface InstallStepReporter {
  onInstallStart?(item: { name: string; version: string; replaces: string | null }): void;
  onInstalled?(item: { name: string; version: string; replaced: string | null; files: number }): void;
}

export interface ExecuteOptions {
  compile?: boolean;
  /** Aborting stops the current distribution's install and restores what it replaced. */
  signal?: AbortSignal;
  reporter?: InstallStepReporter;
  /** Called after each file is placed (tests use it to interrupt at a given point). */
  onFile?: (path: string) => void;
}

export interface InstalledItem {
  name: string;
  version: string;
  /** The version that was replaced, or null. */
  replaced: string | null;
}

export class InstallInterrupted extends AccelError {
  constructor() {
    super("install-interrupted", "The install was interrupted; the distribution being installed was rolled back", {
      hint: "Run the same command again to finish.",
    });
  }
}

/** PEP 610 data for a direct reference (`name @ url`). */
export function directUrlFor(url: string): DirectUrl {
  const [base, fragment] = url.split("#", 2) as [string, string | undefined];
  const hash = fragment !== undefined && /^(sha256|sha384|sha512|md5)=/.test(fragment) ? fragment : undefined;
  const archiveInfo: Record<string, unknown> = {};
  if (hash !== undefined) {
    archiveInfo.hash = hash;
    archiveInfo.hashes = { [hash.split("=")[0]!]: hash.split("=")[1]! };
  }
  return { url: base, archive_info: archiveInfo };
}

/** Installs every planned item; returns what was installed, in order. */
export async function executePlan(plan: Plan, entries: ReadonlyMap<string, StoreEntry>, environment: TargetEnvironment, options: ExecuteOptions = {}): Promise<InstalledItem[]> {
  const info = environment.interpreter.info;
  const python = { executable: info.executable, cacheTag: info.cacheTag };
  const out: InstalledItem[] = [];
  for (const item of planInstalls(plan)) {
    if (options.signal?.aborted === true) throw new InstallInterrupted();
    const { pin } = item;
    const entry = entries.get(pin.name);
    if (entry === undefined) throw new AccelError("internal", `no prepared archive for ${pin.name}`);
    const scheme = environment.schemeFor(entry.manifest.name);
    const replaced = item.replaces?.version ?? null;
    options.reporter?.onInstallStart?.({ name: entry.manifest.name, version: pin.version, replaces: replaced });
    const result = await installFromStore(entry, scheme, {
      python,
      replaces: item.replaces,
      uninstall: { scriptsDir: scheme.scripts },
      requested: pin.requested,
      ...(pin.source === "direct" && pin.file !== null ? { directUrl: (pin.file.reference?.directUrl as DirectUrl | undefined) ?? directUrlFor(pin.file.url) } : {}),
      compile: options.compile === true,
      reporter: {
        onFile: (path) => {
          options.onFile?.(path);
          if (options.signal?.aborted === true) throw new InstallInterrupted();
        },
      },
    });
    options.reporter?.onInstalled?.({ name: entry.manifest.name, version: pin.version, replaced, files: result.records.length });
    out.push({ name: entry.manifest.name, version: pin.version, replaced });
  }
  return out;
}
