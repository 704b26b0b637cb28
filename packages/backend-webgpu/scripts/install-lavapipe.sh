#!/usr/bin/env bash
# Installs what the WebGPU tests need on a Debian bookworm machine without a GPU:
# Mesa's lavapipe Vulkan driver from bookworm-backports (bookworm's own Mesa
# 22.3 gives Dawn no adapter; backports' Mesa 25 does) and Debian's chromium
# for the headless-browser test. Idempotent; run as root.
#
# The backports entry is derived from the machine's own debian.sources (its
# main stanza with the Suites line changed), so no mirror host is hard-coded.
set -euo pipefail

SOURCES=/etc/apt/sources.list.d/debian.sources
BACKPORTS=/etc/apt/sources.list.d/dendrite-bookworm-backports.sources

if [ "$(id -u)" != 0 ]; then
  echo "install-lavapipe: must run as root (apt-get install)" >&2
  exit 1
fi
if [ ! -f "$SOURCES" ]; then
  echo "install-lavapipe: $SOURCES not found; this script expects Debian bookworm deb822 sources" >&2
  exit 1
fi

have_packages() {
  # mesa-vulkan-drivers from backports (>= 23) plus the loader and chromium.
  local mesa
  mesa=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [ -n "$mesa" ] && dpkg --compare-versions "$mesa" ge 23 &&
    dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q 'install ok installed' &&
    [ -x /usr/bin/chromium ]
}

if have_packages; then
  echo "install-lavapipe: lavapipe (mesa $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)) and chromium already installed"
  exit 0
fi

if [ ! -f "$BACKPORTS" ]; then
  # Take the stanza whose Suites line names plain "bookworm" and rewrite that line.
  awk -v RS='' -v ORS='\n\n' '/(^|\n)Suites:[^\n]*(^|[ \t])bookworm([ \t]|\n|$)/ { print; exit }' "$SOURCES" |
    sed -E 's/^Suites:.*/Suites: bookworm-backports/' >"$BACKPORTS.tmp"
  if ! grep -q '^Suites: bookworm-backports' "$BACKPORTS.tmp"; then
    rm -f "$BACKPORTS.tmp"
    echo "install-lavapipe: no stanza with Suites: bookworm in $SOURCES" >&2
    exit 1
  fi
  mv "$BACKPORTS.tmp" "$BACKPORTS"
  echo "install-lavapipe: wrote $BACKPORTS"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers libvulkan1
apt-get install -y -qq --no-install-recommends chromium
echo "install-lavapipe: installed mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers) and $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
