#!/usr/bin/env bash
# Build the site with the bundled speeches and preview it locally.
# Usage: bash scripts/serve.sh [ADDRESS]    (ADDRESS defaults to $KB_ADDR, then 127.0.0.1:8000)
set -euo pipefail

# shellcheck source=scripts/_venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
kb_ensure_venv

addr="${1:-${KB_ADDR:-127.0.0.1:8000}}"
samples="../shared/sample-speeches"

# The bundled speeches are normally committed in docs/speeches/; import them only if none are there.
if ! find docs/speeches -maxdepth 1 -name '*.md' ! -name index.md 2>/dev/null | grep -q .; then
  if [ -d "$samples" ]; then
    echo "docs/speeches 中还没有讲话页面，正在导入自带讲话：$samples"
    "$KB_PY" scripts/import_speeches.py "$samples"
  else
    echo "提示：docs/speeches 中没有讲话页面，也找不到自带讲话目录 $samples，将构建不含讲话的站点。" >&2
  fi
fi

echo "正在构建站点（mkdocs build --strict）……"
if ! "$KB_PY" -m mkdocs build --strict; then
  echo "错误：站点构建失败，请查看上面的提示信息。" >&2
  exit 1
fi
echo "构建完成，静态文件在 site/ 目录。"

echo "正在启动预览：http://$addr/  （按 Ctrl+C 停止；修改讲话后只重建受影响的页面）"
# --dirty: a rebuild after an edit renders only the pages whose output changes
# (hooks/dirty_pages.py decides which; the first build is always complete).
exec "$KB_PY" -m mkdocs serve --dirty -a "$addr"
