"""The editor's review loop: scripts/review_terms.py lists what the machine found and writes
accept / suppress / merge back to a copy of data/glossary.yml, keeping its comments, order and
formatting; bad input gives one Chinese line and leaves the file as it was; a strict build of
the edited project shows the review page and the changed glossary."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from site_project import write_project  # noqa: E402

PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable

# Speeches of a hospital party committee, written for this test.
SPEECHES = {
    "2022-a1b2c3.md": """---
title: 在市人民医院2022年党建工作会议上的讲话
date: '2022-03'
---

同志们，今年医院党委要在门诊推行“红色代办”，即由党员志愿者为行动不便的患者代办挂号、缴费、取药等事项。 {#p-a1}

各支部要落实“三会一课”，开展“夜访病家”，走进出院患者家中随访；节前开展“廉洁过年”提醒。 {#p-a2}
""",
    "2023-d4e5f6.md": """---
title: 在市人民医院2023年党风廉政建设工作会议上的讲话
date: '2023-02'
---

“红色代办”服务已经覆盖全部门诊楼层。推行“床旁结算”，让出院患者少跑腿；开展“廉洁过节”提醒，严格落实一岗双责。 {#p-b1}
""",
}


@pytest.fixture()
def project(tmp_path):
    root = tmp_path / "project"
    write_project(root, SPEECHES)
    (root / "data").unlink()                       # a real copy: the test edits it
    shutil.copytree(REPO / "data", root / "data")
    return root


def review(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The script as an editor runs it."""
    return subprocess.run([PYTHON, str(REPO / "scripts" / "review_terms.py"), *_paths(project), *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _paths(project: Path) -> list[str]:
    return ["--glossary", str(project / "data" / "glossary.yml"), "--speeches", str(project / "docs" / "speeches")]


def review_here(project: Path, capsys, *args: str) -> subprocess.CompletedProcess:
    """The script's main() in this process (same code path, without starting Python each time)."""
    import review_terms
    code = review_terms.main([*_paths(project), *args])
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_listing_newest_first_with_evidence_context_and_commands(project, capsys):
    out = review_here(project, capsys)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for term in ("红色代办", "夜访病家", "床旁结算", "廉洁过节", "廉洁过年"):
        assert f"{term}  [待审定]" in text
    # newest first use first: 床旁结算 (2023) before 红色代办 (first used 2022)
    assert text.index("床旁结算  [待审定]") < text.index("红色代办  [待审定]")
    block = text[text.index("红色代办  [待审定]"):].split("\n\n")[0]
    assert "共 2 次，见于 2 篇讲话" in block and "首次：2022-03 在市人民医院2022年党建工作会议上的讲话" in block
    assert "前有“推行”" in block and "讲话中给出了含义" in block
    assert "原文：" in block and "推行“红色代办”" in block and "speeches/2022-a1b2c3/#p-a1" in block
    assert "python scripts/review_terms.py --accept 红色代办" in block
    assert "python scripts/review_terms.py --merge 红色代办=规范提法" in block
    assert "三会一课" not in text.split("待审定的提法")[1].split("[待审定]")[0]     # curated: not listed
    only_2023 = review_here(project, capsys, "--year", "2023").stdout
    assert "床旁结算" in only_2023 and "夜访病家" not in only_2023 and "红色代办" in only_2023
    only_speech = review_here(project, capsys, "--speech", "2022-a1b2c3").stdout
    assert "夜访病家" in only_speech and "床旁结算" not in only_speech


def test_accept_suppress_merge_change_exactly_that_and_keep_comments(project, tmp_path, capsys):
    path = project / "data" / "glossary.yml"
    before_text = path.read_text("utf-8")
    before = yaml.safe_load(before_text)

    out = review(project, "--accept", "红色代办")
    assert out.returncode == 0 and "已审定“红色代办”" in out.stdout, out.stderr
    out = review(project, "--suppress", "床旁结算")
    assert out.returncode == 0 and "已删除“床旁结算”" in out.stdout, out.stderr
    out = review(project, "--merge", "廉洁过年=廉洁过节")
    assert out.returncode == 0 and "已合并" in out.stdout, out.stderr
    out = review_here(project, capsys, "--accept", "夜访病家", "--definition", "党员医护人员晚间到出院患者家中随访。",
                 "--category", "工作方法")
    assert out.returncode == 0, out.stderr

    after_text = path.read_text("utf-8")
    after = yaml.safe_load(after_text)
    assert comments(after_text) == comments(before_text)               # every comment, in order
    assert after_text.startswith(before_text[:before_text.index("  # ---------------------------------------------------------------- 方针政策")])
    assert after["terms"][:len(before["terms"])] == before["terms"]     # existing entries untouched, in order
    added = after["terms"][len(before["terms"]):]
    assert added == [
        {"term": "红色代办", "category": "本单位提法",
         "definition": "由党员志愿者为行动不便的患者代办挂号、缴费、取药等事项",
         "definition_source": "讲话原文：在市人民医院2022年党建工作会议上的讲话（2022-03）", "importance": 1},
        {"term": "夜访病家", "category": "工作方法", "definition": "党员医护人员晚间到出院患者家中随访。",
         "definition_source": "编辑审定", "importance": 1},
    ]
    assert after["suppress"] == before["suppress"] + ["床旁结算"]
    assert after["merge"] == {**before["merge"], "廉洁过年": "廉洁过节"}
    assert set(after) == set(before)
    # formatting: the flow list stays a flow list, a blank line separates entries
    assert re.search(r"^suppress: \[.*床旁结算\]$", after_text, re.M)
    assert "\n\n  - term: 红色代办\n" in after_text

    # a strict build of the edited project: the review page and the changed glossary
    site = tmp_path / "site"
    proc = subprocess.run([PYTHON, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=project,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
    slogans = {s["term"]: s for s in json.loads((site / "kb.json").read_text("utf-8"))["slogans"]}
    assert slogans["红色代办"]["status"] == "curated" and slogans["红色代办"]["category"] == "本单位提法"
    assert slogans["红色代办"]["evidence"] is None
    assert "床旁结算" not in slogans and "廉洁过年" not in slogans
    assert slogans["廉洁过节"]["status"] == "extracted" and len(slogans["廉洁过节"]["mentions"]) == 2
    assert slogans["廉洁过节"]["evidence"]["decision"] == "accepted"
    assert slogans["廉洁过节"]["first_used"] == {"speech": "2022-a1b2c3", "paragraph": "p-a2", "date": "2022-03",
                                              "url": "speeches/2022-a1b2c3/#p-a2"}
    page = (site / "glossary" / "review" / "index.html").read_text("utf-8")
    assert "<h1" in page and "提法审定" in page
    assert 'id="review-lian-jie-guo-jie"' in page and "--suppress 廉洁过节" in page
    assert "review-hong-se-dai-ban" not in page                        # accepted: no longer pending
    index = (site / "glossary" / "index.html").read_text("utf-8")
    assert 'href="review/"' in index and "新出现的提法（2023年）" in index
    assert "提法审定" not in (site / "index.html").read_text("utf-8").split("md-tabs")[1].split("</nav>")[0]
    term_page = (site / "glossary" / "lian-jie-guo-jie" / "index.html").read_text("utf-8")
    assert "首次使用" in term_page and "待审定" in term_page and 'href="../review/"' in term_page
    assert "识别依据" in term_page and "python scripts/review_terms.py --accept 廉洁过节" in term_page


BAD = [
    (("--accept", "不存在的提法"), "没有找到待审定的提法“不存在的提法”"),
    (("--suppress", "不存在的提法"), "没有找到待审定的提法"),
    (("--merge", "床旁结算=没有这个提法"), "合并目标“没有这个提法”不在提法表中"),
    (("--merge", "床旁结算"), "--merge 的写法是“变体=规范提法”"),
    (("--merge", "=廉洁过节"), "--merge 的写法是"),
    (("--merge", "床旁结算="), "--merge 的写法是"),
    (("--merge", "床旁结算=床旁结算"), "两边不同"),
    (("--merge", "没有的变体=廉洁过节"), "没有找到待审定的提法“没有的变体”"),
    (("--accept", "夜访病家"), "请加 --definition"),
    (("--accept", "红色代办", "--category", "杂项"), "不在分类表中"),
    (("--accept", "一岗双责"), "已是审定的提法"),
    (("--suppress", "一岗双责"), "是审定的提法"),
    (("--speech", "2024-000000"), "没有编号为“2024-000000”的讲话"),
    (("--year", "23"), "四位数字的年份"),
]


@pytest.mark.parametrize("args,needle", BAD, ids=[" ".join(b[0]) for b in BAD])
def test_bad_input_one_chinese_line_file_unchanged(project, capsys, args, needle):
    path = project / "data" / "glossary.yml"
    before = path.read_bytes()
    out = review_here(project, capsys, *args)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and needle in lines[0], out.stderr
    assert out.stdout == ""
    assert path.read_bytes() == before


def test_review_pages_are_bounded_and_list_every_pending_term_once(monkeypatch):
    sys.path.insert(0, str(REPO / "hooks"))
    from kb.corpus.loading import load_corpus
    from kb.glossary.assembly import build_glossary
    from kb.glossary.curated import load_glossary_data
    from kb.pages import glossary as pages
    corpus = load_corpus(REPO / "docs" / "speeches")
    glossary = build_glossary(corpus, load_glossary_data(REPO / "data" / "glossary.yml"))
    pending = [t for t in glossary.terms if not t.curated]
    monkeypatch.setattr(pages, "REVIEW_PER_PAGE", 7)
    out = pages.review_pages(glossary, corpus)
    assert [uri for uri, _ in out] == ["glossary/review.md"] + [f"glossary/review/{n}.md" for n in range(2, len(out) + 1)]
    assert len(out) == -(-len(pending) // 7)
    listed = [slug for _, md in out for slug in re.findall(r'<h2 id="review-([\w-]+)">', md)]
    assert sorted(listed) == sorted(t.slug for t in pending)
    assert all(md.count('class="kb-review-item"') <= 7 for _, md in out)
    assert "程序未收录的候选" in out[0][1] and not any("程序未收录的候选" in md for _, md in out[1:])
    # the table of rejected candidates escapes what it quotes and names its columns
    assert '<th scope="col">未收录的原因</th>' in out[0][1] and "<script" not in out[0][1]
    for _, md in out:
        assert 'href="glossary/' not in md          # links are relative
