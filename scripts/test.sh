#!/usr/bin/env bash
# The project's tests, on a fresh machine too: installs what `cargo test` needs beyond Rust
# (Debian's Chromium and a Chinese font for the HTML report's browser test, tests/browser.rs),
# then runs `cargo test` with the arguments given.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# A font with Chinese glyphs, so that the report's screenshots show text, not boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  missing+=(fonts-wqy-microhei)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} for the browser test" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo test "$@"
