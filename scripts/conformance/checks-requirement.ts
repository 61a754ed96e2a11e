/**
 * PEP 508 requirements: `requirement.valid` (every parsed field and the
 * normalized text) and `requirement.invalid` (rejected, at the same column).
 */
import type { Checks } from "./types.js";
import { parseRequirement } from "../../src/pep508/index.js";
import type { Requirement } from "../../src/pep508/index.js";
import { checkParseError } from "./checks-marker.js";

interface ValidRecord {
  input: string; name: string; extras: string[]; specifier: string;
  url: string | null; marker: string | null; normalized: string;
}
interface InvalidRecord { input: string; error: string }

function fields(req: Requirement): Omit<ValidRecord, "input"> {
  return {
    name: req.name,
    extras: [...req.extras],
    specifier: req.specifier.toString(),
    url: req.url,
    marker: req.marker ? req.marker.toString() : null,
    normalized: req.toString(),
  };
}

export const checks: Checks = {
  "requirement.valid": (r: ValidRecord) => {
    let got: Omit<ValidRecord, "input">;
    try {
      got = fields(parseRequirement(r.input));
    } catch (error) {
      return `rejected: ${(error as Error).message}`;
    }
    for (const key of Object.keys(got) as (keyof typeof got)[]) {
      if (JSON.stringify(got[key]) !== JSON.stringify(r[key])) {
        return `${key} is ${JSON.stringify(got[key])}, expected ${JSON.stringify(r[key])}`;
      }
    }
    return null;
  },
  "requirement.invalid": (r: InvalidRecord) => {
    try {
      return `accepted as ${parseRequirement(r.input).toString()}`;
    } catch (error) {
      return checkParseError(error, "invalid-requirement", r.error);
    }
  },
};
