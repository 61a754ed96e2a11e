/**
 * Credentials for index hosts: from the URL (`https://user:pass@host/`) and
 * from `~/.netrc`, and the redaction that keeps them out of every message.
 *
 * As pip: credentials seen in one URL are remembered for its host, so files
 * linked from an authenticated index page are fetched with them too.
 */
import { readFileSync } from "node:fs";

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Hides the secret part of a URL's user info, as pip's `redact_auth_from_url`:
 * `user:pass@` becomes `user:****@`, and a lone token `tok@` becomes `****@`.
 * Text that is not a URL is returned unchanged.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@?#]*)@/i, (_whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    const user = colon === -1 ? "****" : `${userinfo.slice(0, colon)}:****`;
    return `${scheme}${user}@`;
  });
}

/** Redacts every URL inside a free text (error messages from lower layers). */
export function redactText(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi, (url) => redactUrl(url));
}

/** Splits the user info off a URL: the clean URL, plus the credentials if any. */
export function splitCredentials(url: string): { url: string; credentials: Credentials | null } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url, credentials: null };
  const credentials = {
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.toString(), credentials };
}

export function basicAuthHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/** Parsed `~/.netrc`: per-machine entries plus the optional `default` one. */
export interface Netrc {
  machines: Map<string, Credentials>;
  fallback: Credentials | null;
}

/** Parses netrc text (`machine`, `default`, `login`, `password`; `macdef` bodies skipped). */
export function parseNetrc(text: string): Netrc {
  const tokens = tokenizeNetrc(text);
  const machines = new Map<string, Credentials>();
  let fallback: Credentials | null = null;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i++];
    if (token !== "machine" && token !== "default") continue;
    const host = token === "machine" ? (tokens[i++] ?? "") : null;
    const entry: Credentials = { username: "", password: "" };
    while (i < tokens.length && tokens[i] !== "machine" && tokens[i] !== "default") {
      const key = tokens[i++];
      const value = tokens[i++] ?? "";
      if (key === "login") entry.username = value;
      else if (key === "password") entry.password = value;
    }
    if (host === null) fallback = entry;
    else if (!machines.has(host)) machines.set(host, entry);
  }
  return { machines, fallback };
}

function tokenizeNetrc(text: string): string[] {
  const withoutMacros = text.replace(/(^|\s)macdef\s[\s\S]*?(\n\s*\n|$)/g, "$1");
  const lines = withoutMacros.split(/\r?\n/).filter((line) => !line.trimStart().startsWith("#"));
  const tokens: string[] = [];
  for (const match of lines.join("\n").matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    tokens.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] as string));
  }
  return tokens;
}

/** Reads and parses a netrc file; a missing or unreadable file is no netrc. */
export function loadNetrc(path: string | null): Netrc | null {
  if (!path) return null;
  try {
    return parseNetrc(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

/** Credentials for `host` from a netrc, the `machine` entry first, then `default`. */
export function netrcCredentials(netrc: Netrc | null, host: string): Credentials | null {
  if (!netrc) return null;
  return netrc.machines.get(host) ?? netrc.fallback;
}
