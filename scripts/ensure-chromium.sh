#!/bin/sh
# Makes sure Debian's `chromium` is installed: the browser test (examples/browser/browser.test.ts) drives
# it with playwright-core and never downloads a browser of its own. Installs it with apt when it is
# missing; says what to do instead when it cannot (not root, no apt-get).
# Set CHROMIUM_PATH to use a Chromium installed elsewhere.
set -eu

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then
    exit 0
  fi
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium is not installed and apt-get is not available." >&2
  echo "Install Chromium with your system's package manager, or set CHROMIUM_PATH to its binary." >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: chromium is not installed, and installing it needs root." >&2
  echo "Run: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium package (needed by the browser test)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null

if ! command -v chromium >/dev/null 2>&1; then
  echo "ensure-chromium: apt-get installed chromium but no 'chromium' binary is on the PATH." >&2
  exit 1
fi
echo "ensure-chromium: $(chromium --version 2>/dev/null || echo chromium) installed."
