/**
 * Questions on the terminal and commands whose output is shown as it runs:
 * the uninstall confirmation and the builder's "install this system
 * package?" prompt. child_process and readline load on first use (a no-op
 * install asks nothing and runs nothing).
 */
import { createRequire } from "node:module";
import type { CommandContext } from "./context.js";

/** Built-in modules loaded on first use (a dynamic `import()` of a built-in is not available in the single executable). */
const requireBuiltin = createRequire(import.meta.url);

/** Whether a question can be asked: stdin and stderr are terminals and `--no-input` is not given. */
export function canAsk(ctx: Pick<CommandContext, "options">): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && ctx.options.noInput !== true;
}

/** Asks on stderr; an empty answer gives `fallback`. */
export async function ask(question: string, fallback = false): Promise<boolean> {
  const { createInterface } = requireBuiltin("node:readline/promises") as typeof import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${question} `)).trim().toLowerCase();
    return answer === "" ? fallback : answer === "y" || answer === "yes";
  } finally {
    rl.close();
  }
}

/** Runs a command with its output passed through to stderr and captured. */
export function execPassthrough(argv: string[]): Promise<{ code: number; output: string }> {
  const { spawn } = requireBuiltin("node:child_process") as typeof import("node:child_process");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ["inherit", "pipe", "pipe"] });
    let output = "";
    const take = (b: Buffer): void => { output += b.toString("utf8"); process.stderr.write(b); };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, output }));
  });
}
