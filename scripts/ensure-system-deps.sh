#!/usr/bin/env bash
# Makes sure the system programs the tests drive are present: redis-server (real Redis in the
# integration and browser tests) and Chromium (Playwright drives Debian's, never a downloaded one).
# Installs them with apt when it can; otherwise stops with one sentence saying what to install.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium_path" ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with sudo apt-get…"
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The tests need ${missing[*]}: install them (on Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run npm test again." >&2
  exit 1
fi
