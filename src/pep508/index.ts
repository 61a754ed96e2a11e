/**
 * PEP 508: dependency specifiers (requirements) and environment markers,
 * matching packaging 26.4. Pure: no I/O; imports only pep440 and report.
 */
export { parseRequirement } from "./requirement.js";
export type { Requirement, ParseRequirementOptions } from "./requirement.js";
export { Marker, parseMarker } from "./marker.js";
export type {
  EvaluateContext, EvaluationEnvironment, MarkerValue,
  MarkerAtom, MarkerExpression, MarkerItem, MarkerOp, MarkerVar,
} from "./marker.js";
export { canonicalizeName } from "./marker-syntax.js";
export {
  buildMarkerEnvironment, formatFullVersion, markerEnvironmentFromJson,
  EXAMPLE_ENVIRONMENT, MARKER_ENVIRONMENT_SCRIPT, MARKER_VARIABLES,
} from "./environment.js";
export type { MarkerEnvironment, MarkerEvaluationEnvironment, InterpreterDescription, VersionInfo } from "./environment.js";
export { InvalidMarker, InvalidRequirement, UndefinedComparison, UndefinedEnvironmentName } from "./errors.js";
export type { ParseErrorOptions } from "./errors.js";
