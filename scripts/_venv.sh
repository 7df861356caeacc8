# Shared by scripts/serve.sh and scripts/test.sh (sourced, not run).
# Moves to the repository root and makes sure .venv exists with requirements.txt installed.
# After `kb_ensure_venv`, $KB_PY is the virtualenv's python.

KB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$KB_ROOT"

KB_VENV="$KB_ROOT/.venv"
KB_PY="$KB_VENV/bin/python"
KB_STAMP="$KB_VENV/.kb-requirements.sha256"

# Material prints a banner about MkDocs 2.0 on every run; keep the output quiet.
export NO_MKDOCS_2_WARNING=1

kb_ensure_venv() {
  if [ ! -x "$KB_PY" ]; then
    if ! command -v python3 >/dev/null 2>&1; then
      echo "错误：未找到 python3，请先安装 Python 3（3.10 或更新版本）。" >&2
      return 1
    fi
    echo "正在创建虚拟环境 .venv ……"
    if ! python3 -m venv "$KB_VENV"; then
      echo "错误：创建虚拟环境失败。Debian/Ubuntu 上请先执行：sudo apt-get install -y python3-venv" >&2
      rm -rf "$KB_VENV"
      return 1
    fi
  fi

  # Reinstall only when requirements.txt changed since the last successful install.
  local want have=""
  want="$("$KB_PY" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' requirements.txt)"
  [ -f "$KB_STAMP" ] && have="$(cat "$KB_STAMP")"
  if [ "$want" != "$have" ]; then
    echo "正在安装依赖（requirements.txt）……"
    if ! "$KB_PY" -m pip install -q --disable-pip-version-check -r requirements.txt; then
      echo "错误：安装依赖失败，请检查网络或软件包源后重试。" >&2
      return 1
    fi
    echo "$want" >"$KB_STAMP"
    echo "依赖已安装。"
  fi
}
