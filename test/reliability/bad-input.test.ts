/**
 * Bad input through the real CLI: malformed options, requirement files, pip
 * configuration (files and PIP_*), and pip-accel's own settings (pip-accel.conf
 * and PIP_ACCEL_*). Every case exits non-zero with an error that names the
 * option, the file and line, or the variable at fault, without a stack trace,
 * and installs nothing. The figure is printed at the end. (The parsers
 * themselves are fuzzed in parser-fuzz.test.ts.)
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../kit/repo.js";
import { runCli } from "../e2e/env.js";

const dir = tempDir("bad-input");
const at = (name: string): string => join(dir.path, name);

interface Case {
  /** What is wrong, for the test name. */
  what: string;
  args: string[];
  env?: Record<string, string>;
  /** What the message must name. */
  names: RegExp;
  /** Expected exit code (default 1). */
  code?: number;
}

const FILES: Record<string, string> = {
  "bad-line.txt": "ok==1\nfoo >= = 2\n",
  "includes-missing.txt": "ok==1\n-r nope.txt\n",
  "bad-option.txt": "x==1\n--frobnicate\n",
  "bad-hash.txt": "x==1 --hash=md5\n",
  "timeout.conf": "[global]\ntimeout = abc\n",
  "no-deps.conf": "[install]\nno-deps = maybe\n",
  "broken-header.conf": "[global\ntimeout = 1\n",
  "before-section.conf": "timeout = 1\n[global]\n",
  "no-equals.conf": "[global]\ntimeout 1\n",
  "unknown.accel.conf": "[pip-accel]\ncolour = red\n",
  "no-section.accel.conf": "[other]\nx = 1\n",
  "bool.accel.conf": "[pip-accel]\ntrust-mod-times = maybe\n",
  "retries.accel.conf": "[pip-accel]\nmax-retries = -2\n",
};

const install = (...args: string[]): string[] => ["install", "--no-index", "--python", "python3", "--target", at("target"), ...args];
const pipConf = (file: string): Record<string, string> => ({ PIP_CONFIG_FILE: at(file) });
const accelConf = (file: string): Record<string, string> => ({ PIP_ACCEL_CONFIG: at(file) });

const CASES: Case[] = [
  // command-line options
  { what: "--timeout that is not a number", args: install("--timeout", "abc", "x"), names: /--timeout: 'abc' is not a valid number/ },
  { what: "--retries that is not an integer", args: install("--retries", "1.5", "x"), names: /--retries: '1\.5' is not a valid integer/ },
  { what: "an unknown option", args: install("--frobnicate", "x"), names: /--frobnicate/, code: 2 },
  { what: "-r without its file", args: ["install", "-r"], names: /-r, --requirement/ },
  { what: "--no-binary without its value", args: ["install", "x", "--no-binary"], names: /--no-binary/ },
  { what: "a requirements file that does not exist", args: install("-r", "missing.txt"), names: /missing\.txt/ },
  { what: "a constraints file that does not exist", args: install("-c", "missing-c.txt", "x"), names: /missing-c\.txt/ },
  { what: "--python that does not exist", args: ["install", "--python", "/nonexistent/py", "x"], names: /\/nonexistent\/py/ },
  { what: "-e of a path that does not exist", args: install("-e", "/nonexistent/dir"), names: /\/nonexistent\/dir/ },
  { what: "a malformed requirement argument", args: install("x["), names: /Invalid requirement: 'x\['/ },
  { what: "--user with --target", args: ["install", "--user", "--target", at("target"), "x"], names: /'--user' and '--target'/ },
  { what: "a --cache-dir that cannot be made", args: [...install("x"), "--cache-dir", "/dev/null/cache"], names: /cache directory \/dev\/null\/cache cannot be used/ },
  { what: "an index URL without a scheme", args: ["install", "-i", "notaurl", "--python", "python3", "--target", at("target"), "x"], names: /Url 'notaurl' is ignored/ },
  { what: "an unknown command", args: ["frobnicate"], names: /frobnicate/, code: 2 },
  { what: "install with nothing to install", args: ["install"], names: /at least one requirement/ },
  // requirement files
  { what: "a malformed requirement line", args: install("-r", at("bad-line.txt")), names: /line 2 of .*bad-line\.txt/ },
  { what: "an included file that does not exist", args: install("-r", at("includes-missing.txt")), names: /nope\.txt.*included by .*includes-missing\.txt, line 2/ },
  { what: "an unknown option in a requirements file", args: install("-r", at("bad-option.txt")), names: /line 2 of .*bad-option\.txt/ },
  { what: "a malformed --hash in a requirements file", args: install("-r", at("bad-hash.txt")), names: /line 1 of .*bad-hash\.txt/ },
  // pip's configuration
  { what: "pip.conf: timeout that is not a number", args: install("x"), env: pipConf("timeout.conf"), names: /timeout\.conf \[global\] timeout: 'abc'/ },
  { what: "pip.conf: a boolean that is not one", args: install("x"), env: pipConf("no-deps.conf"), names: /no-deps\.conf \[install\] no-deps: 'maybe'/ },
  { what: "pip.conf: a broken section header", args: install("x"), env: pipConf("broken-header.conf"), names: /broken-header\.conf, line 1: a section header/ },
  { what: "pip.conf: a setting before any section", args: install("x"), env: pipConf("before-section.conf"), names: /before-section\.conf, line 1: a setting comes before/ },
  { what: "pip.conf: a line without '='", args: install("x"), env: pipConf("no-equals.conf"), names: /no-equals\.conf, line 2/ },
  { what: "PIP_TIMEOUT that is not a number", args: install("x"), env: { PIP_TIMEOUT: "abc" }, names: /environment PIP_TIMEOUT: 'abc'/ },
  { what: "PIP_RETRIES that is not an integer", args: install("x"), env: { PIP_RETRIES: "many" }, names: /environment PIP_RETRIES: 'many'/ },
  { what: "PIP_NO_DEPS that is not a boolean", args: install("x"), env: { PIP_NO_DEPS: "maybe" }, names: /environment PIP_NO_DEPS: 'maybe'/ },
  // pip-accel's settings
  { what: "pip-accel.conf: an unknown setting", args: install("x"), env: accelConf("unknown.accel.conf"), names: /unknown\.accel\.conf: unknown setting 'colour'/ },
  { what: "pip-accel.conf: no [pip-accel] section", args: install("x"), env: accelConf("no-section.accel.conf"), names: /no-section\.accel\.conf has no \[pip-accel\] section/ },
  { what: "pip-accel.conf: a boolean that is not one", args: install("x"), env: accelConf("bool.accel.conf"), names: /bool\.accel\.conf \[pip-accel\] trust-mod-times: 'maybe'/ },
  { what: "pip-accel.conf: a negative retry count", args: install("x"), env: accelConf("retries.accel.conf"), names: /retries\.accel\.conf \[pip-accel\] max-retries: '-2'/ },
  { what: "PIP_ACCEL_CONFIG naming no file", args: install("x"), env: accelConf("nope.conf"), names: /PIP_ACCEL_CONFIG names .*nope\.conf/ },
  ...([
    ["PIP_ACCEL_MAX_RETRIES", "lots"], ["PIP_ACCEL_S3_RETRIES", "x"], ["PIP_ACCEL_S3_TIMEOUT", "-1"], ["PIP_ACCEL_LOG_VERBOSITY", "loud"],
    ["PIP_ACCEL_S3_ADDRESSING", "diagonal"], ["PIP_ACCEL_S3_URL", "notaurl"], ["PIP_ACCEL_AUTO_INSTALL", "perhaps"],
    ["PIP_ACCEL_TRUST_MOD_TIMES", "sometimes"], ["PIP_ACCEL_S3_READONLY", "kinda"], ["PIP_ACCEL_S3_SOURCES", "2"],
  ] as const).map(([variable, value]): Case => ({ what: `${variable}=${value}`, args: install("x"), env: { [variable]: value }, names: new RegExp(`environment ${variable}: '${value}'`) })),
];

before(() => {
  for (const [name, text] of Object.entries(FILES)) writeFileSync(at(name), text);
});
after(() => dir.cleanup());

let named = 0;
for (const [i, c] of CASES.entries()) {
  test(`bad input: ${c.what}: exit ${c.code ?? 1}, an error naming it, nothing installed`, () => {
    const run = runCli(c.args, dir.path, c.env ?? {});
    assert.equal(run.code, c.code ?? 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /^error(\[[a-z-]+\])?:/m);
    assert.match(run.stderr, c.names);
    assert.doesNotMatch(run.stderr, /error\[internal\]|^\s+at .+\.js:\d+/m, "no internal error or stack trace");
    assert.ok(!existsSync(at("target")), "nothing was installed");
    named++;
    if (i === CASES.length - 1) console.log(`bad input: ${CASES.length} malformed options, files, settings and variables, ${named} named in their error`);
  });
}
