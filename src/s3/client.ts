/**
 * A small S3 client: the six calls the shared cache needs (GET, PUT with
 * `If-None-Match: *`, DELETE, HEAD bucket, create bucket, paged
 * ListObjectsV2), signed with SigV4 (sigv4.ts), sent through pip-accel's
 * HttpClient (retries, timeouts, proxies, TLS options, and the undici
 * guard of issue 11). Every upload carries its length: real S3 refuses
 * uploads of unknown length. Path-style (`https://host/bucket/key`, the
 * usual form for MinIO, Ceph, Garage) and virtual-host addressing
 * (`https://bucket.s3.region.amazonaws.com/key`, AWS's default).
 */
import { createHash } from "node:crypto";
import type { HttpClient, HttpResponse } from "../index/http.js";
import { AccelError } from "../report/errors.js";
import { EMPTY_SHA256, signRequest, uriEncode, type AwsCredentials } from "./sigv4.js";

export interface S3Location {
  /** `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`. */
  endpoint: string;
  bucket: string;
  addressing: "path" | "virtual";
  region: string;
}

/** An answer of the store that is not what was asked for; `code` is S3's (`AccessDenied`, `NoSuchBucket`, ...). */
export class S3Error extends AccelError {
  readonly status: number;
  readonly s3Code: string;

  constructor(status: number, s3Code: string, what: string, detail: string) {
    super("s3-error", `${what}: ${status} ${s3Code}${detail ? ` (${detail})` : ""}`, {
      hint: status === 403 ? "Check the AWS credentials (AWS_ACCESS_KEY_ID/AWS_PROFILE) and the bucket policy."
        : s3Code === "NoSuchBucket" ? "Create the bucket, or set PIP_ACCEL_S3_CREATE_BUCKET=true." : "Check PIP_ACCEL_S3_URL and PIP_ACCEL_S3_BUCKET.",
    });
    this.status = status;
    this.s3Code = s3Code;
  }
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const unescapeXml = (text: string): string => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const STATUS_CODES: Record<number, string> = { 301: "PermanentRedirect", 400: "BadRequest", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 412: "PreconditionFailed" };

export class S3Client {
  constructor(
    readonly location: S3Location,
    private readonly credentials: AwsCredentials | null,
    private readonly http: HttpClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `s3://bucket/key`, for messages. */
  describe(key = ""): string {
    return `s3://${this.location.bucket}/${key}`;
  }

  private url(key: string, query = ""): URL {
    const base = new URL(this.location.endpoint);
    const path = uriEncode(key, true);
    const basePath = base.pathname.replace(/\/+$/, "");
    if (this.location.addressing === "virtual") {
      return new URL(`${base.protocol}//${this.location.bucket}.${base.host}${basePath}/${path}${query}`);
    }
    return new URL(`${base.protocol}//${base.host}${basePath}/${uriEncode(this.location.bucket, false)}/${path}${query}`);
  }

  private async send<T>(method: "GET" | "HEAD" | "PUT" | "DELETE", url: URL, options: { body?: Buffer; headers?: Record<string, string> },
    consume: (response: HttpResponse) => Promise<T>): Promise<T> {
    const body = options.body;
    const payloadSha256 = body === undefined ? EMPTY_SHA256 : createHash("sha256").update(body).digest("hex");
    const extra = { ...(options.headers ?? {}), ...(body !== undefined ? { "content-length": String(body.length) } : {}) };
    const headers = this.credentials === null
      ? { ...extra, "x-amz-content-sha256": payloadSha256 }
      : signRequest({ method, url, headers: extra, payloadSha256, region: this.location.region, credentials: this.credentials, now: this.now() });
    return this.http.request(url.toString(), { method, headers, retryBody: true, ...(body !== undefined ? { body } : {}) }, consume);
  }

  private async failure(response: HttpResponse, what: string): Promise<S3Error> {
    const text = response.body === null ? "" : await response.body.text().catch(() => "");
    const code = tag(text, "Code") ?? STATUS_CODES[response.status] ?? "Error";
    return new S3Error(response.status, code, what, unescapeXml(tag(text, "Message") ?? ""));
  }

  /** The object's bytes, or null when there is none. */
  async getObject(key: string): Promise<Buffer | null> {
    return this.send("GET", this.url(key), {}, async (response) => {
      if (response.status === 404) {
        await response.body.dump();
        return null;
      }
      if (response.status !== 200) throw await this.failure(response, `GET ${this.describe(key)}`);
      return Buffer.from(await response.body.arrayBuffer());
    });
  }

  /**
   * Writes an object. With `ifAbsent`, sends `If-None-Match: *`: "exists" when
   * the store already had one (a store that ignores the header overwrites).
   */
  async putObject(key: string, body: Buffer, options: { ifAbsent?: boolean; contentType?: string } = {}): Promise<"written" | "exists"> {
    const headers: Record<string, string> = { "content-type": options.contentType ?? "application/octet-stream", ...(options.ifAbsent ? { "if-none-match": "*" } : {}) };
    return this.send("PUT", this.url(key), { body, headers }, async (response) => {
      if (response.status === 412 || (response.status === 409 && options.ifAbsent)) {
        await response.body.dump();
        return "exists";
      }
      if (response.status !== 200 && response.status !== 201) throw await this.failure(response, `PUT ${this.describe(key)}`);
      await response.body.dump();
      return "written";
    });
  }

  async deleteObject(key: string): Promise<void> {
    await this.send("DELETE", this.url(key), {}, async (response) => {
      if (response.status !== 204 && response.status !== 200 && response.status !== 404) throw await this.failure(response, `DELETE ${this.describe(key)}`);
      await response.body.dump();
    });
  }

  /** Throws an S3Error when the bucket is missing or not ours to read. */
  async headBucket(): Promise<void> {
    await this.send("HEAD", this.url(""), {}, async (response) => {
      await response.body.dump();
      if (response.status !== 200) throw new S3Error(response.status, response.status === 404 ? "NoSuchBucket" : STATUS_CODES[response.status] ?? "Error", `HEAD ${this.describe()}`, "");
    });
  }

  async createBucket(): Promise<void> {
    const us = this.location.region === "us-east-1";
    const body = us ? undefined : Buffer.from(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${this.location.region}</LocationConstraint></CreateBucketConfiguration>`);
    await this.send("PUT", this.url(""), body ? { body } : {}, async (response) => {
      if (response.status === 200 || response.status === 409) {
        await response.body.dump();
        return;
      }
      throw await this.failure(response, `create bucket ${this.describe()}`);
    });
  }

  /** Every key under `prefix` (ListObjectsV2, following continuation tokens). */
  async list(prefix: string, pageSize?: number): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const query = `?list-type=2${pageSize !== undefined ? `&max-keys=${pageSize}` : ""}&prefix=${uriEncode(prefix, false)}${token !== undefined ? `&continuation-token=${uriEncode(token, false)}` : ""}`;
      const text = await this.send("GET", this.url("", query), {}, async (response) => {
        if (response.status !== 200) throw await this.failure(response, `list ${this.describe(prefix)}`);
        return response.body.text();
      });
      for (const m of text.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(unescapeXml(m[1]!));
      token = tag(text, "IsTruncated") === "true" ? tag(text, "NextContinuationToken") : undefined;
      if (token !== undefined) token = unescapeXml(token);
    } while (token !== undefined);
    return keys;
  }
}
