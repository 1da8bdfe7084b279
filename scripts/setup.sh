#!/usr/bin/env bash
# Set-up shared by scripts/demo and scripts/test: Debian packages the kiosk needs at run
# time, then a virtual environment in .venv with the project and its dev tools.
# Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt (offscreen and on screen), the on-screen keyboard (libpulse0), a TrueType CJK font
# for PDFs and tickets (fonts-wqy-microhei), fontconfig to find it, and poppler-utils
# (pdftoppm) to look at PDFs; speech-dispatcher with espeak-ng for the 朗读 button (Qt
# TextToSpeech's speechd engine); Qt's xcb platform for a real window (libxcb-*), and
# libusb for USB ticket printers (pyusb's backend).
DEBIAN_PACKAGES=(libpulse0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
                 libdbus-1-3 libglib2.0-0 fontconfig fonts-wqy-microhei poppler-utils
                 speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
                 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
                 libxcb-render-util0 libxcb-xinerama0 libusb-1.0-0)
# The test suite also drives the central server's dashboard in headless Chromium and runs
# the server's tests against a throwaway PostgreSQL (scripts/test sets SETUP_FOR_TESTS=1).
if [ "${SETUP_FOR_TESTS:-0}" = 1 ]; then
  # Xvfb: the demo's real window on an X server; binutils: the bundle's glibc floor.
  DEBIAN_PACKAGES+=(chromium chromium-driver postgresql xvfb binutils)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "setup: Python 3.11 or newer is needed (apt-get install python3 python3-venv)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $python"
  "$python" -m venv .venv
fi
# Reinstall only when the project's dependencies change.
stamp=.venv/.kiosk-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing the project and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  # The terminal and the server install apart ([terminal], [server]); here both, with
  # the development tools.
  .venv/bin/python -m pip install -q -e '.[terminal,server,dev]'
  echo "$want" > "$stamp"
fi

# The interface's translations: each committed .ts compiled to its .qm (git ignores
# *.qm). Quick, so always redone; ui.translation.ensure_compiled also does it at start.
shopt -s nullglob
for ts in resources/translations/*.ts; do
  .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"
done
shopt -u nullglob

# The UI tests also run against the oldest PySide6 the pin admits (its wheels need glibc
# 2.28, as on UOS V20 / Kylin V10), in a second environment beside .venv.
if [ "${SETUP_FOR_TESTS:-0}" = 1 ]; then
  oldest_qt=6.9.3
  if [ ! -x .venv-oldest/bin/python ]; then
    echo "setup: creating .venv-oldest (PySide6 $oldest_qt) with $python"
    "$python" -m venv .venv-oldest
  fi
  stamp=.venv-oldest/.kiosk-installed
  want=$(cat pyproject.toml - <<<"$oldest_qt" | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing the project with PySide6 $oldest_qt into .venv-oldest"
    constraints=$(mktemp)
    printf '%s\n' "PySide6==$oldest_qt" "PySide6-Essentials==$oldest_qt" \
      "PySide6-Addons==$oldest_qt" "shiboken6==$oldest_qt" > "$constraints"
    .venv-oldest/bin/python -m pip install -q --upgrade pip
    .venv-oldest/bin/python -m pip install -q -c "$constraints" -e '.[terminal,server,dev]'
    rm -f "$constraints"
    echo "$want" > "$stamp"
  fi
fi
