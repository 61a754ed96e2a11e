/**
 * Turning the bytes of a local requirements file into text, as pip's
 * `_decode_req_file` does: BOM sniffing, then a PEP 263 coding line in the
 * first two lines, then UTF-8. Where pip falls back to the locale encoding we
 * fall back to latin-1 (which never fails) and report a warning.
 */
import { RequirementsFileDecodeError } from "./errors.js";

export interface DecodeResult {
  text: string;
  /** The encoding actually used (a normalized label such as `utf-8`). */
  encoding: string;
  /** Set when UTF-8 failed and latin-1 was used instead. */
  fallback: boolean;
}

/** Checked in this order: the UTF-16-LE BOM is a prefix of the UTF-32-LE one. */
const BOMS: ReadonlyArray<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe, 0x00, 0x00], "utf-32le"],
  [[0x00, 0x00, 0xfe, 0xff], "utf-32be"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];

const PEP263 = /coding[:=][ \t\n\r\f\v]*([-A-Za-z0-9_.]+)/;

function startsWith(data: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= data.length && prefix.every((b, i) => data[i] === b);
}

function decodeUtf32(data: Uint8Array, bigEndian: boolean): string {
  if (data.length % 4 !== 0) throw new RangeError("truncated UTF-32 data");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let out = "";
  for (let i = 0; i < data.length; i += 4) {
    const cp = view.getUint32(i, !bigEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new RangeError(`invalid code point ${cp}`);
    out += String.fromCodePoint(cp);
  }
  return out;
}

function decodeLatin1(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i += 8192) {
    out += String.fromCharCode(...data.subarray(i, i + 8192));
  }
  return out;
}

/** cp1252's 0x80–0x9F (U+FFFD marks the five undefined bytes). Node 20's TextDecoder treats it as latin-1. */
const CP1252_HIGH = "\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178";

function decodeCp1252(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    const c = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
    if (c === "\ufffd") throw new RangeError(`byte 0x${b.toString(16)} at position ${i} is undefined in cp1252`);
    out += c;
  }
  return out;
}

function decodeAscii(data: Uint8Array): string {
  const bad = data.findIndex((b) => b > 0x7f);
  if (bad >= 0) throw new RangeError(`byte 0x${data[bad]!.toString(16)} at position ${bad} is not ASCII`);
  return decodeLatin1(data);
}

/** Maps a Python codec name to a decoder; `undefined` when we do not know it. */
function decoderFor(codec: string): ((data: Uint8Array) => string) | undefined {
  const name = codec.toLowerCase().replace(/[_ ]/g, "-");
  if (/^(latin-?1|iso-?8859-1|8859|cp819|l1|latin)$/.test(name)) return decodeLatin1;
  if (/^(ascii|us-ascii|646)$/.test(name)) return decodeAscii;
  if (/^(cp1252|windows-1252)$/.test(name)) return decodeCp1252;
  if (/^(utf-?32-?le)$/.test(name)) return (d) => decodeUtf32(d, false);
  if (/^(utf-?32-?be)$/.test(name)) return (d) => decodeUtf32(d, true);
  if (/^(utf-?32)$/.test(name)) {
    return (d) => (startsWith(d, [0, 0, 0xfe, 0xff]) ? decodeUtf32(d.subarray(4), true)
      : decodeUtf32(startsWith(d, [0xff, 0xfe, 0, 0]) ? d.subarray(4) : d, false));
  }
  let label = name;
  if (/^(utf-?8|u8|utf|utf-8-sig)$/.test(name)) label = "utf-8";
  else if (/^utf-?16$/.test(name)) label = "utf-16le";
  else if (/^utf-?16-?(le|be)$/.test(name)) label = `utf-16${name.slice(-2)}`;
  else if (/^iso-?8859-\d+$/.test(name)) label = name.replace(/^iso-?8859/, "iso-8859");
  else if (/^cp125\d$/.test(name)) label = name.replace("cp", "windows-");
  try {
    const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
    return (d) => decoder.decode(d);
  } catch {
    return undefined;
  }
}

function decodeWith(data: Uint8Array, codec: string, where: string): string {
  const decoder = decoderFor(codec);
  if (decoder === undefined) {
    throw new RequirementsFileDecodeError(`Unknown encoding '${codec}' declared in ${where}`, {
      hint: "Use an encoding name Python knows, such as utf-8 or latin-1.",
      location: where,
    });
  }
  try {
    return decoder(data);
  } catch (cause) {
    throw new RequirementsFileDecodeError(`Cannot decode ${where} as ${codec}: ${(cause as Error).message}`, {
      cause,
      location: where,
    });
  }
}

/** The codec named by a PEP 263 comment in the first two lines, if any. */
export function findCodingLine(data: Uint8Array): string | null {
  let start = 0;
  for (let n = 0; n < 2 && start <= data.length; n++) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    if (data[start] === 0x23) {
      const match = PEP263.exec(decodeLatin1(data.subarray(start, end)));
      if (match) return match[1]!;
    }
    start = end + 1;
  }
  return null;
}

/** Decodes a requirements file's bytes; `where` names the file in messages. */
export function decodeRequirementsBytes(data: Uint8Array, where: string): DecodeResult {
  for (const [bom, encoding] of BOMS) {
    if (startsWith(data, bom)) {
      return { text: decodeWith(data.subarray(bom.length), encoding, where), encoding, fallback: false };
    }
  }
  const coding = findCodingLine(data);
  if (coding !== null) return { text: decodeWith(data, coding, where), encoding: coding, fallback: false };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(data), encoding: "utf-8", fallback: false };
  } catch {
    return { text: decodeLatin1(data), encoding: "latin-1", fallback: true };
  }
}
