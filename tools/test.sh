#!/usr/bin/env bash
# Everything the tests need on a fresh Debian machine with Python 3.11+, then the whole suite.
# Debian's Chromium drives the browser tests (installed here when running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  else
    echo "tools/test.sh: /usr/bin/chromium is missing; 'sudo apt-get install chromium' for the browser tests" >&2
  fi
fi
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
exec .venv/bin/python -m pytest "$@"
