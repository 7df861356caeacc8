"""Write data/jieba_user_dict.txt — the jieba user dictionary of every glossary term and alias —
from data/glossary.yml and the speeches, exactly as the build does.

    python scripts/build_search_dict.py           # write the file
    python scripts/build_search_dict.py --check   # exit 1 if the committed file is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kb.glossary import SEARCH_DICT_FILE, jieba_user_dictionary, load_project_glossary  # noqa: E402


def expected_text() -> str:
    return jieba_user_dictionary(load_project_glossary(ROOT, ROOT / "docs" / "speeches").glossary)


def main(argv: list[str]) -> int:
    path = ROOT / SEARCH_DICT_FILE
    text = expected_text()
    if "--check" in argv:
        if not path.exists() or path.read_text("utf-8") != text:
            print(f"{SEARCH_DICT_FILE} 已过期，请运行：python scripts/build_search_dict.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"已写入 {SEARCH_DICT_FILE}（{text.count(chr(10))} 个词）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
