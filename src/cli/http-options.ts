/**
 * The one mapping from pip's network options to the HTTP client's settings,
 * shared by every command that reads an index (`install`, `resolve`,
 * `download`, `index`):
 * `--retries`, `--timeout` (seconds), `--trusted-host` (repeatable), `--cert`,
 * `--client-cert`, and `--proxy`, which stands for `HTTP_PROXY`/`HTTPS_PROXY`
 * (the client reads proxies, and `NO_PROXY`, from the environment given).
 */
import type { HttpSettings } from "../operations/resolution.js";

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" && value !== "" ? [value] : []);

/** HTTP client options from parsed command options and the environment (without `offline`/`onRequest`). */
export function httpClientOptions(options: Record<string, unknown>, env: Record<string, string | undefined>): HttpSettings {
  const proxy = typeof options.proxy === "string" && options.proxy !== "" ? options.proxy : null;
  return {
    ...(options.retries !== undefined ? { retries: Number(options.retries) } : {}),
    ...(options.timeout !== undefined ? { timeoutMs: Number(options.timeout) * 1000 } : {}),
    trustedHosts: list(options.trustedHost),
    ...(typeof options.cert === "string" ? { cert: options.cert } : {}),
    ...(typeof options.clientCert === "string" ? { clientCert: options.clientCert } : {}),
    env: proxy === null ? env : { ...env, HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy },
    userAgent: "pip-accel",
  };
}
