#!/usr/bin/env bash
# Installs what the browser test needs: Debian's Chromium (Playwright drives it;
# `playwright install` downloads browsers and cannot work offline).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null | tail -1
