/**
 * Credentials and region from the standard AWS chain, as the AWS CLI and
 * SDKs read them (the parts that need no network):
 * 1. `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`);
 * 2. the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default
 *    `~/.aws/credentials`), section `[PROFILE]`;
 * 3. the shared config file (`AWS_CONFIG_FILE`, default `~/.aws/config`),
 *    section `[profile PROFILE]` (`[default]` for the default profile).
 * PROFILE is `AWS_PROFILE` (else `default`). The region is `AWS_REGION`,
 * `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.
 * Instance metadata, SSO and `credential_process` are not read (README).
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse as parseIni } from "ini";
import type { AwsCredentials } from "./sigv4.js";

export interface AwsEnvironment {
  credentials: AwsCredentials | null;
  region: string;
  /** Where the credentials came from (never the values), for messages. */
  source: string;
}

type Sections = Record<string, Record<string, unknown>>;

function readSections(path: string): Sections {
  try {
    return parseIni(readFileSync(path, "utf8")) as Sections;
  } catch {
    return {};
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

function fromSection(section: Record<string, unknown> | undefined): AwsCredentials | null {
  const accessKeyId = str(section?.aws_access_key_id);
  const secretAccessKey = str(section?.aws_secret_access_key);
  if (accessKeyId === undefined || secretAccessKey === undefined) return null;
  const sessionToken = str(section?.aws_session_token);
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export function awsEnvironment(env: Record<string, string | undefined>): AwsEnvironment {
  const home = env.HOME ?? homedir();
  const profile = str(env.AWS_PROFILE) ?? str(env.AWS_DEFAULT_PROFILE) ?? "default";
  const credentialsFile = str(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(home, ".aws", "credentials");
  const configFile = str(env.AWS_CONFIG_FILE) ?? join(home, ".aws", "config");
  const config = readSections(configFile);
  const configSection = config[profile === "default" ? "default" : `profile ${profile}`] ?? config[profile];
  const region = str(env.AWS_REGION) ?? str(env.AWS_DEFAULT_REGION) ?? str(configSection?.region) ?? "us-east-1";
  const accessKeyId = str(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = str(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const sessionToken = str(env.AWS_SESSION_TOKEN);
    return { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }, region, source: "environment AWS_ACCESS_KEY_ID" };
  }
  const shared = fromSection(readSections(credentialsFile)[profile]);
  if (shared !== null) return { credentials: shared, region, source: `${credentialsFile} [${profile}]` };
  const fromConfig = fromSection(configSection);
  if (fromConfig !== null) return { credentials: fromConfig, region, source: `${configFile} [${profile}]` };
  return { credentials: null, region, source: "none" };
}
