#!/usr/bin/env bash
# Installs the Debian packages MiniMedia builds and tests against, only when something is missing.
# Idempotent: runs apt-get only if at least one package is not installed yet.
set -euo pipefail

PACKAGES=(
  pkg-config
  libssl-dev
  libcurl4-openssl-dev
  libsqlite3-dev
  libjavascriptcoregtk-4.1-dev
  libturbojpeg0-dev
  libpng-dev
  libwebp-dev
  libexif-dev
  libyuv-dev
  libzxing-dev
  libheif-dev
  libgif-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  libmp3lame0
  libavfilter-dev
  libasound2-dev
  ffmpeg
  imagemagick
  libvips-tools
  nginx-light libnginx-mod-rtmp
  # The browser simulator's end-to-end tests (scripts/simulator-e2e.sh).
  chromium
  chromium-driver
  # minium (the automation tests: scripts/minium-test.sh) runs in a virtualenv.
  python3-venv
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
