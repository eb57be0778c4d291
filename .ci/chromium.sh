#!/usr/bin/env bash
# Installs Chromium for the browser test of experiments/report/site (TestBrowser) when none is on
# PATH: Debian's chromium package, with apt-get, as root. Without root or apt-get it says so and
# leaves the test to skip. Prints the browser's path when there is one.
set -euo pipefail
find_browser() {
  for b in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}
if path=$(find_browser); then
  echo "chromium.sh: found $path"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: no Chromium, and not root with apt-get: the browser test will skip"
  exit 0
fi
echo "chromium.sh: installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
path=$(find_browser) || { echo "chromium.sh: apt-get installed chromium but none is on PATH" >&2; exit 1; }
echo "chromium.sh: installed $path"
