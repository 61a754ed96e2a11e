/**
 * A real S3-protocol server for tests: moto's server mode
 * (`python3 -m moto.server -H 127.0.0.1 -p 0`) on a random port, with one
 * IAM user (an `s3:*` policy) and a bucket made first.
 *
 * With `auth: true` moto authenticates every request after those first
 * three, so a wrong key or secret gets the real `InvalidAccessKeyId` /
 * `SignatureDoesNotMatch` answers and our SigV4 signatures are checked.
 * moto's own signature check mis-encodes some requests (a `+` in a key, a
 * `prefix=` query: boto3's requests fail it the same way), so the suites
 * use an authenticating server for credentials and signing, and an open
 * one for the rest.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cleanPythonEnv } from "./repo.js";

export interface S3Server {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The environment a pip-accel process needs to use the bucket under `prefix`. */
  env(prefix: string, extra?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

let available: boolean | null = null;

/** Whether this machine's python3 has moto's server (and boto3, which it depends on). */
export function motoAvailable(): boolean {
  available ??= spawnSync("python3", ["-c", "import moto.server, boto3"], { env: cleanPythonEnv(), encoding: "utf8" }).status === 0;
  return available;
}

function withoutAws(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = cleanPythonEnv(extra);
  for (const key of Object.keys(env)) if (key.startsWith("AWS_")) delete env[key];
  return env;
}

const SETUP = `
import boto3, json, sys
ep, bucket = sys.argv[1], sys.argv[2]
iam = boto3.client("iam", endpoint_url=ep, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="ci")
key = iam.create_access_key(UserName="ci")["AccessKey"]
iam.put_user_policy(UserName="ci", PolicyName="s3", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
s3 = boto3.client("s3", endpoint_url=ep, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
s3.create_bucket(Bucket=bucket)
print(json.dumps({"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}))
`;

export async function startS3Server(options: { bucket?: string; auth?: boolean } = {}): Promise<S3Server> {
  const bucket = options.bucket ?? "pip-accel-cache";
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"], {
    env: withoutAws(options.auth === true ? { INITIAL_NO_AUTH_ACTION_COUNT: "3" } : {}), stdio: ["ignore", "pipe", "pipe"],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`moto did not start: ${seen}`)), 20_000);
    const look = (chunk: Buffer): void => {
      seen += chunk.toString("utf8");
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.on("exit", (code) => reject(new Error(`moto exited (${code}): ${seen}`)));
  });
  const setup = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn("python3", ["-c", SETUP, endpoint, bucket], { env: withoutAws({}), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    p.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    p.on("close", (code) => resolve({ code, out, err }));
  });
  if (setup.code !== 0) {
    child.kill("SIGKILL");
    throw new Error(`moto set-up failed: ${setup.err}`);
  }
  const { id, secret } = JSON.parse(setup.out.trim()) as { id: string; secret: string };
  let stopped = false;
  return {
    endpoint, bucket, accessKeyId: id, secretAccessKey: secret,
    env: (prefix, extra = {}) => ({
      PIP_ACCEL_S3_URL: endpoint, PIP_ACCEL_S3_BUCKET: bucket, PIP_ACCEL_S3_PREFIX: prefix,
      AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: "us-east-1",
      PIP_ACCEL_S3_TIMEOUT: "5", PIP_ACCEL_S3_RETRIES: "1", ...extra,
    }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise<void>((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
