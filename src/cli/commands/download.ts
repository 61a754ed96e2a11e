/**
 * `pip-accel download [-r FILE] [REQ...] [-d DIR] [--no-deps]`: resolves
 * (or, with `--no-deps`, picks the best file for each requirement without
 * looking at dependencies) and saves every chosen file into DIR (default
 * the current directory). Files come from the local source index when they
 * are there (offline-first): a second download of the same set opens no
 * connection.
 */
import { copyFile, mkdir, stat } from "node:fs/promises";
import { join, resolve as resolvePath } from "node:path";
import { redactUrl } from "../../index/credentials.js";
import type { Candidate } from "../../index/link.js";
import { AccelError } from "../../report/errors.js";
import { hashOptions, pinCandidate } from "../../resolver/index-backed.js";
import type { ResolvedPin } from "../../resolver/lib.js";
import type { CommandContext } from "../context.js";
import { openSession, resolveSession, type Session } from "./resolve.js";


/** The index candidate of a pin; direct references get one made from their URL (as their metadata did). */
function candidateOf(session: Session, pin: ResolvedPin): Candidate {
  const found = pinCandidate(session.sources.candidateSource, pin);
  if (!found) throw new AccelError("download-unsupported-url", `Cannot download ${pin.name} from ${redactUrl(pin.file?.url ?? "")}: not an archive URL`);
  return found;
}

async function sameSize(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return x !== null && y !== null && x.size === y.size;
}

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0 && !ctx.options.requirement) {
    throw new AccelError("no-requirements", "Nothing to download: give requirements or -r FILE.", { hint: "pip-accel download -r requirements.txt -d ./wheelhouse" });
  }
  const dest = resolvePath(ctx.cwd, typeof ctx.options.dest === "string" ? ctx.options.dest : ".");
  const session = await openSession(ctx);
  try {
    const result = await resolveSession(ctx, session, { noDeps: Boolean(ctx.options.noDeps) });
    for (const warning of result.warnings) ctx.output.warn(warning);
    await mkdir(dest, { recursive: true });
    const saved: string[] = [];
    for (const pin of result.pins) {
      if (pin.file === null) continue;
      const downloaded = await session.sources.client.download(candidateOf(session, pin), { hashes: hashOptions(pin.requiredHashes) });
      const target = join(dest, pin.file.filename);
      if (downloaded.path !== target && !(await sameSize(downloaded.path, target))) await copyFile(downloaded.path, target);
      else ctx.output.info(`File was already downloaded ${target}`);
      saved.push(pin.file.filename);
      ctx.output.info(`Saved ${target}`);
    }
    ctx.output.info(`Successfully downloaded ${result.pins.filter((p) => p.file !== null).map((p) => p.name).join(" ")}`);
    return 0;
  } finally {
    await session.close();
  }
}
