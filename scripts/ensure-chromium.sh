#!/bin/sh
# Prints the path of the Chromium the browser tests drive, installing Debian's package
# first when there is none (needs root; Playwright's own browser download is never used).
set -eu
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing: run 'apt-get install -y chromium' as root" >&2
    exit 1
  fi
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2
fi
command -v chromium
