#!/usr/bin/env bash
# Make sure Chromium (slide export, browser tests) and CJK fonts (Chinese text on slides) are present.
# Installs them with apt-get where it is available and permitted; otherwise prints the one command to run.
# Usage: ensure_system_deps.sh [--required]   (--required: exit 1 when they cannot be installed)
set -u
required=0
[ "${1:-}" = "--required" ] && required=1

have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; }
have_cjk_font() { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -qi "noto"; }

if have_chromium && have_cjk_font; then
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  fi
  if [ "$SUDO" != "none" ]; then
    echo "Installing Chromium and CJK fonts with apt-get (needed for slide export and browser tests)..."
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  fi
fi

if have_chromium && have_cjk_font; then
  exit 0
fi

echo "Chromium and/or CJK fonts are missing. Install them with:" >&2
echo "    sudo apt-get install -y chromium fonts-noto-cjk" >&2
echo "(on macOS/Windows install Google Chrome; everything but slide export works without it)" >&2
exit $required
