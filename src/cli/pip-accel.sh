#!/bin/sh
# The `pip-accel` command (the package's bin): runs pip-accel.cjs, beside
# this file, with the `node` found on PATH, as `#!/usr/bin/env node` would.
#
# One thing differs. Node 20 reads NODE_EXTRA_CA_CERTS, and parses its own
# ~140 bundled root certificates with it, at every start, before any of
# pip-accel runs: 30-60 ms on every command, most of a no-op install. Where
# that file is readable and no NODE_OPTIONS flag picks another store, this
# script hands the path to pip-accel as PIP_ACCEL_EXTRA_CA_CERTS instead, and
# pip-accel trusts the same certificates when it opens its first TLS
# connection (src/index/http.ts). main.ts puts NODE_EXTRA_CA_CERTS back in
# its environment at once, so that child processes see the variables that
# were given. A PIP_ACCEL_EXTRA_CA_CERTS set by the user is left alone.
if [ -n "${NODE_EXTRA_CA_CERTS-}" ] && [ -z "${PIP_ACCEL_EXTRA_CA_CERTS-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ] && [ -r "$NODE_EXTRA_CA_CERTS" ]; then
  case "${NODE_OPTIONS-}" in
    *--use-openssl-ca*|*--use-bundled-ca*|*--use-system-ca*) ;;
    *)
      PIP_ACCEL_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS
      PIP_ACCEL_NODE_CA_MOVED=1
      export PIP_ACCEL_EXTRA_CA_CERTS PIP_ACCEL_NODE_CA_MOVED
      unset NODE_EXTRA_CA_CERTS
      ;;
  esac
fi
# npm links the command to this file: find the directory of the file itself.
self=$0
if [ -L "$self" ]; then self=$(readlink -f -- "$self") || exit 1; fi
case $self in */*) dir=${self%/*} ;; *) dir=. ;; esac
exec node "$dir/pip-accel.cjs" "$@"
