/** `pip-accel list`: installed distributions as columns (default), `freeze` lines or `json`. */
import { AccelError } from "../../report/errors.js";
import { listInstalled, type ListedDistribution } from "../../operations/inspect.js";
import type { CommandContext } from "../context.js";
import { commandEnvironment } from "../target.js";

/** pip's column layout: header, dashes, left-aligned rows. */
export function formatColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join(" ").trimEnd();
  const [header, ...body] = rows;
  return [line(header!), widths.map((w) => "-".repeat(w)).join(" "), ...body.map(line)].map((l) => `${l}\n`).join("");
}

export function formatList(rows: ListedDistribution[], format: string, verbose: boolean): string {
  switch (format) {
    case "freeze": return rows.map((r) => `${r.name}==${r.version}\n`).join("");
    case "json": return `${JSON.stringify(rows.map((r) => (verbose ? { name: r.name, version: r.version, location: r.location, installer: r.installer ?? "" } : { name: r.name, version: r.version })))}\n`;
    case "columns": {
      if (rows.length === 0) return "";
      const header = verbose ? ["Package", "Version", "Location", "Installer"] : ["Package", "Version"];
      const body = rows.map((r) => (verbose ? [r.name, r.version, r.location, r.installer ?? ""] : [r.name, r.version]));
      return formatColumns([header, ...body]);
    }
    default:
      throw new AccelError("invalid-option", `--format: '${format}' is not one of columns, freeze, json`, { hint: "Use --format columns, freeze or json." });
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const format = typeof ctx.options.format === "string" ? ctx.options.format : "columns";
  const environment = await commandEnvironment(ctx);
  ctx.output.data(formatList(listInstalled(environment), format, ctx.output.verbosity > 0));
  return 0;
}
