#!/usr/bin/env bash
# Run the whole test suite. Extra arguments go to pytest, e.g. bash scripts/test.sh -k offline
set -euo pipefail

# shellcheck source=scripts/_venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
kb_ensure_venv

chromium="${KB_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "提示：未找到浏览器 $chromium，浏览器测试无法运行。" >&2
  echo "      Debian/Ubuntu 上请执行：sudo apt-get install -y chromium fonts-noto-cjk" >&2
  if [ -n "${CI:-}" ] && [ "${CI:-}" != "false" ] && [ "${CI:-}" != "0" ]; then
    echo "      CI 环境中浏览器测试将判为失败。" >&2
  else
    echo "      本地运行时浏览器测试将被跳过。" >&2
  fi
fi

exec "$KB_PY" -m pytest -q "$@"
