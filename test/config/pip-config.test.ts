import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPipConfig, parseConfigBoolean, parseConfigList, pipConfigFiles } from "../../src/config/pip-config.js";
import { loadAccelConfig } from "../../src/config/accel-config.js";

function files(map: Record<string, string>) {
  return (path: string) => (path in map ? map[path]! : null);
}

test("pip config: load order, command section over global, env over files", () => {
  const read = files({
    "/etc/pip.conf": "[global]\nindex-url = https://global/simple\ntimeout = 5\n",
    "/home/u/.config/pip/pip.conf": "[global]\ntimeout = 10\n[install]\nno_compile = yes\n",
    "/venv/pip.conf": "[install]\nextra-index-url = https://a/simple https://b/simple\n",
  });
  const config = loadPipConfig({ env: { VIRTUAL_ENV: "/venv", PIP_TIMEOUT: "30" }, home: "/home/u", command: "install", readFile: read });
  assert.equal(config.get("index-url")?.value, "https://global/simple");
  assert.equal(config.get("timeout")?.value, "30");
  assert.equal(config.get("timeout")?.source, "environment PIP_TIMEOUT");
  assert.equal(config.get("no-compile")?.value, "yes");
  assert.deepEqual(parseConfigList(config.get("extra-index-url")!), ["https://a/simple", "https://b/simple"]);
  const download = loadPipConfig({ env: {}, home: "/home/u", command: "download", readFile: read });
  assert.equal(download.get("no-compile"), undefined);
  assert.equal(download.get("timeout")?.value, "10");
});

test("pip config: PIP_CONFIG_FILE=/dev/null disables every file; isolated ignores env and user files", () => {
  assert.deepEqual(pipConfigFiles({ env: { PIP_CONFIG_FILE: "/dev/null" }, home: "/h", command: "install" }), []);
  const read = files({ "/h/.pip/pip.conf": "[global]\ntimeout = 1\n", "/etc/pip.conf": "[global]\nretries = 2\n" });
  const isolated = loadPipConfig({ env: { PIP_TIMEOUT: "9" }, home: "/h", command: "install", isolated: true, readFile: read });
  assert.equal(isolated.get("timeout"), undefined);
  assert.equal(isolated.get("retries")?.value, "2");
});

test("pip config: PIP_ACCEL_* variables are not pip options", () => {
  const config = loadPipConfig({ env: { PIP_ACCEL_CACHE: "/x", PIP_NO_INDEX: "1" }, home: "/h", command: "install", readFile: files({}) });
  assert.equal(config.get("accel-cache"), undefined);
  assert.equal(config.get("no-index")?.value, "1");
});

test("pip config: booleans and malformed values", () => {
  assert.equal(parseConfigBoolean({ value: "Yes", source: "x" }), true);
  assert.equal(parseConfigBoolean({ value: "off", source: "x" }), false);
  assert.throws(() => parseConfigBoolean({ value: "maybe", source: "f.conf [global]" }), /f\.conf \[global\]: 'maybe' is not a valid boolean/);
});

test("pip-accel config: env over files, file needs its section, unknown keys rejected", () => {
  const read = files({
    "/etc/pip-accel.conf": "[pip-accel]\ndata-directory = /srv/cache\nmax-retries = 4\n",
    "/h/.pip-accel/pip-accel.conf": "[pip-accel]\nmax-retries = 6\n",
  });
  const config = loadAccelConfig({ env: { PIP_ACCEL_CACHE: "/env/cache", PIP_ACCEL_AUTO_INSTALL: "" }, home: "/h", readFile: read });
  assert.equal(config.get("data-directory")?.value, "/env/cache");
  assert.equal(config.get("max-retries")?.value, "6");
  assert.equal(config.get("auto-install"), undefined, "empty env values are ignored");
  assert.throws(() => loadAccelConfig({ env: {}, home: "/h", readFile: files({ "/etc/pip-accel.conf": "[other]\na=1\n" }) }), /has no \[pip-accel\] section/);
  assert.throws(() => loadAccelConfig({ env: {}, home: "/h", readFile: files({ "/etc/pip-accel.conf": "[pip-accel]\ndata-dir=1\n" }) }), /unknown setting 'data-dir'/);
  assert.throws(() => loadAccelConfig({ env: { PIP_ACCEL_CONFIG: "/nope.conf" }, home: "/h", readFile: files({}) }), /PIP_ACCEL_CONFIG names \/nope\.conf/);
});
