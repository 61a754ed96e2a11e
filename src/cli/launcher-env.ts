/**
 * The other half of the launcher (pip-accel.sh): where it moved
 * `NODE_EXTRA_CA_CERTS` to `PIP_ACCEL_EXTRA_CA_CERTS` (so that Node does not
 * parse the certificates at start-up), the variable is put back, so that
 * this process's environment (hashed by the no-op memo) and every child
 * process's hold what the user gave. `PIP_ACCEL_EXTRA_CA_CERTS` stays: the
 * HTTP client reads it when it opens its first TLS connection.
 */
export const MOVED_MARK = "PIP_ACCEL_NODE_CA_MOVED";

export function restoreLauncherEnvironment(env: Record<string, string | undefined>): void {
  if (env[MOVED_MARK] === undefined) return;
  delete env[MOVED_MARK];
  const file = env.PIP_ACCEL_EXTRA_CA_CERTS;
  if (file !== undefined && env.NODE_EXTRA_CA_CERTS === undefined) env.NODE_EXTRA_CA_CERTS = file;
}
