/**
 * Property tests (fast-check, seeded) over every parser of untrusted text: PEP 440
 * versions and specifiers, PEP 508 markers and requirements, requirement files line by
 * line. For any input each either answers or throws one of our errors (an AccelError with
 * a stable code and a message); never a TypeError, RangeError or stack overflow, and never
 * a hang (each input is timed). Requirement-file errors name the file and the line.
 * Inputs mix the characters these grammars care about with arbitrary Unicode.
 * `PIP_ACCEL_LONG_TESTS=1` runs 25 times as many inputs. The figure is printed at the end.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Version, SpecifierSet, Specifier } from "../../src/pep440/index.js";
import { parseMarker, parseRequirement } from "../../src/pep508/index.js";
import { AccelError } from "../../src/report/errors.js";
import { parseText } from "../requirements-file/helpers.js";

const LONG = process.env.PIP_ACCEL_LONG_TESTS === "1";
const RUNS = LONG ? 50_000 : 2_000;
const SEED = Number(process.env.PIP_ACCEL_FUZZ_SEED ?? 20261207);
const SLOW_MS = 250;
let inputs = 0;

const PIECES = [
  "1", "0", "9", ".", "*", "!", "+", "-", "_", "a", "b", "rc", "post", "dev", "v", "=", "==", "===", "~=", "!=", "<", ">", "<=", ">=", ",",
  " ", "(", ")", "[", "]", ";", "@", "'", '"', "and", "or", "not", "in", "extra", "python_version", "os_name", "sys_platform",
  "platform_release", "implementation_name", "name", "pkg", "https://", "file:///", "git+", "#", "egg=", "\\", "\n", "\t", "$", "{", "}",
  "-r", "-c", "-e", "--hash", "sha256:", "--index-url", "-f", "--pre", "--no-binary", ":all:", "\u00e9", "\u0000", "\ufeff",
];
const text = (maxLength: number): fc.Arbitrary<string> => fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength }).map((parts) => parts.join("")),
  fc.string({ maxLength, unit: "grapheme" }),
);

/** Runs `fn`, accepting a return or an AccelError; anything else, or a slow call, fails. */
function survives(what: string, input: string, fn: () => unknown): void {
  inputs++;
  const started = performance.now();
  try {
    fn();
  } catch (error) {
    if (!(error instanceof AccelError) || error.code === "" || error.message === "") {
      assert.fail(`${what}(${JSON.stringify(input)}) threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  const took = performance.now() - started;
  assert.ok(took < SLOW_MS, `${what}(${JSON.stringify(input)}) took ${took.toFixed(0)} ms`);
}

test(`PEP 440: ${RUNS} versions and specifier sets parse, compare and filter or give an InvalidVersion/InvalidSpecifier`, () => {
  fc.assert(fc.property(text(24), text(40), (v, s) => {
    survives("Version", v, () => {
      const version = Version.parse(v);
      assert.equal(Version.parse(version.toString()).compare(version), 0, "a parsed version round-trips");
    });
    survives("SpecifierSet", s, () => {
      const set = SpecifierSet.parse(s);
      set.contains("1.0");
      set.contains(v);
      set.filter(["1.0", "2.0rc1", v]);
    });
    survives("Specifier", s, () => Specifier.parse(s).contains("1.0"));
  }), { numRuns: RUNS, seed: SEED });
});

test(`PEP 508: ${RUNS} markers and requirements parse and evaluate or give an InvalidMarker/InvalidRequirement`, () => {
  fc.assert(fc.property(text(60), (t) => {
    survives("parseMarker", t, () => parseMarker(t).evaluate({ extra: "x" }));
    survives("parseRequirement", t, () => {
      const requirement = parseRequirement(t);
      assert.equal(parseRequirement(requirement.toString()).name, requirement.name, "a parsed requirement round-trips");
    });
  }), { numRuns: RUNS, seed: SEED });
});

test(`requirement files: ${RUNS} files of random lines parse or give an error that names r.txt and the line`, async () => {
  await fc.assert(fc.asyncProperty(fc.array(text(40), { minLength: 1, maxLength: 6 }), async (lines) => {
    inputs++;
    const started = performance.now();
    try {
      await parseText(lines.join("\n"));
    } catch (error) {
      if (!(error instanceof AccelError)) assert.fail(`r.txt ${JSON.stringify(lines)} threw ${String(error)}`);
      assert.match(error.message, /r\.txt/, `the error names the file: ${error.message}`);
      assert.match(error.message, /line \d+/, `the error names the line: ${error.message}`);
    }
    assert.ok(performance.now() - started < SLOW_MS * 4, `r.txt ${JSON.stringify(lines)} was slow`);
  }), { numRuns: RUNS, seed: SEED });
});

test("the figure", () => {
  assert.ok(inputs >= RUNS * 4);
  console.log(`parser fuzz: ${inputs} inputs (seed ${SEED}), 0 crashes, 0 hangs`);
});
