#!/usr/bin/env bash
# Makes sure Debian's chromium is there for the browser and end-to-end tests.
# Installs it with apt-get when missing and we are root; otherwise says what to do.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $chromium_path not found; installing Debian's chromium with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  if [ -x "$chromium_path" ]; then
    echo "ensure-chromium: installed $("$chromium_path" --version 2>/dev/null)" >&2
    exit 0
  fi
fi
cat >&2 <<MSG
ensure-chromium: no Chromium at $chromium_path.
The browser and end-to-end tests drive Debian's chromium through playwright-core.
Install it as root:   apt-get update && apt-get install -y chromium
or point CHROMIUM_PATH at another Chromium/Chrome binary and run the tests again.
MSG
exit 1
