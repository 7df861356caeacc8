"""性能基准：在 N 篇讲话上对比本知识库与“普通 Material + jieba”站点。

    .venv/bin/python scripts/bench.py                  # N=1000
    .venv/bin/python scripts/bench.py --n 12 --json out.json
    .venv/bin/python scripts/bench.py --n 1000 --keep /tmp/bench   # 保留两个临时项目

做法（一次运行、同一台机器、同一批讲话页面）：

1. 从 docs/speeches/ 中自带的讲话生成 N 篇互不相同的讲话页面：段落在讲话之间交换、
   在小节内轮换，年份（2015–2025）与日期、标题、来源文件名不同，并在若干段落中替换个别汉字。
   页面由 kb.ingest.speech_page.render_page 写出，与导入脚本写出的格式相同。
2. (a) 本知识库：临时项目使用仓库中真实的 mkdocs.yml、hooks/、data/ 和 docs/ 其余内容
   （符号链接，与 tests/fixture_site.py 相同），docs/speeches/ 换成生成的页面。
   (b) 普通站点：Material 主题、language: zh、search 插件 lang: zh（jieba 分词）、没有 hooks、
   不写 nav（MkDocs 默认导航列出每一页——这就是“普通”站点的样子）。每篇讲话的 Markdown
   是本知识库钩子交给 MkDocs 的同一份正文（kb.pages.speech.speech_markdown），并开启渲染它所需的
   同样的 Markdown 扩展，所以两边讲话正文的 HTML 相同，差别只在导航、钩子和搜索。
3. 每次构建在单独的子进程里进行（与 `mkdocs build` 相同的调用），记录墙钟时间和峰值内存
   （构建期间每 0.1 秒读一次 /proc/meminfo 的 MemAvailable，取比开始时少得最多的量，且不小于
   最大单个进程的 ru_maxrss：构建用 fork 分出的子进程与父进程共用大部分内存页，把两者的
   ru_maxrss 相加会重复计算）。
4. “修改一篇讲话后的重建”模拟 `mkdocs serve`：同一个 Python 进程里先完整构建一次，修改一篇
   讲话的一个段落，重新读取配置（serve 每次重建都这样做，钩子模块与带 on_startup 的插件保持
   不变），再构建一次，计第二次构建的时间。

5. 本知识库先在空的 .kb-cache/ 上构建（冷），再用留下的缓存构建一次（热，--skip-warm 可省去），
   两个时间分别列出。scripts/serve.sh 用的是 `mkdocs serve --dirty`，--dirty 测的就是它的重建。

6. `--import-formats K`：导入速度（不构建站点）。把 K 篇生成的讲话写成 .txt、.docx（python-docx），
   再用 LibreOffice 把这些 .docx 转成 .doc、.odt 和 .pdf，然后按格式分别导入到空目录
   （与 scripts/import_speeches.py 相同的流程：旧版文件先由一个 LibreOffice 进程整批转换，
   转换时间计入），给出每种格式每秒导入的文件数。没有 LibreOffice 时只测 .txt 和 .docx。
7. 搜索结果页（search/，issue 16）：构建好的本知识库站点由单独的进程提供：装了 nginx 时用 nginx（README
   “部署到内网”方式一的配置：gzip、HTTP/1.1 保持连接，与内网的网页服务器一样），同一次运行中再用
   python -m http.server（HTTP/1.1 保持连接）量一遍，两者并列。用 Chromium
   打开 search/（计到可以查询的时间：search_index.json、query-<哈希>.js、m.json 已载入），页面载入
   完、网络空闲后在表单里提交出现最多的提法（与“首次搜索下载”同一个词），计从提交到第一页结果
   显示的时间（首次，含下载：5 次，每次新的浏览器上下文、缓存为空，取中位数；文件已载入后再查
   5 次取中位数）、改年份筛选、选专题、改按日期排序、翻到下一页各自的时间和新下载的文件数，打开
   页面和首次查询所取索引文件的 gzip 字节数，以及让筛选不再下载所需的数据量（全部结果所在讲话的
   正文、每条结果的一段）。没有 Chromium 时不测（--skip-browser 同）。

测试里用小 N 跑一遍（tests/test_bench.py），只检查能跑通并输出比值，不检查时间。
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "hooks"))

from kb.model.speech import Paragraph, Section, Speech, SpeechMeta  # noqa: E402
from kb.pages.speech import speech_markdown  # noqa: E402
from kb.ingest.speech_page import parse_page, render_page, sha256  # noqa: E402
from site_project import write_project  # noqa: E402
from kb.ingest.structure import IdAllocator, paragraph_id, section_id  # noqa: E402

# Common characters used to perturb a few characters of some paragraphs.
_COMMON = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
           "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
           "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"20[0-2]\d")
_UNITS = ("", "", "", "", "机关党委", "局党组", "党支部", "纪检组", "办公室", "直属机关")


# ---------------------------------------------------------------------------------------------
# Corpus generation

def bundled_speeches(source_dir: Path) -> list[Speech]:
    paths = sorted(p for p in source_dir.glob("*.md") if p.name != "index.md")
    if not paths:
        raise SystemExit(f"错误：{source_dir} 中没有讲话页面，无法生成基准语料。")
    return [parse_page(p.read_text("utf-8"), p.stem) for p in paths]


def _perturb(text: str, rng: random.Random, count: int) -> str:
    positions = [m.start() for m in _HAN.finditer(text)]
    if not positions:
        return text
    chars = list(text)
    for pos in rng.sample(positions, min(count, len(positions))):
        chars[pos] = rng.choice(_COMMON)
    return "".join(chars)


def _date(rng: random.Random, year: int) -> str:
    kind = rng.random()
    if kind < 0.3:
        return str(year)
    if kind < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_speech(i: int, bundled: list[Speech], pool: list[str], seed: int = 0) -> Speech:
    """The i-th generated speech: the structure of a bundled one, paragraphs mixed and varied."""
    rng = random.Random(f"{seed}:{i}")
    base = bundled[i % len(bundled)]
    year = rng.randint(2015, 2025)
    base_year = base.meta.year or year

    def shift_years(text: str) -> str:   # the speech moves to `year`; so do the years it names
        return _YEAR.sub(lambda m: str(int(m.group(0)) + year - base_year), text)

    ids = IdAllocator()
    sections = []
    for section in base.sections:
        texts = [p.text for p in section.paragraphs]
        # About a third of the paragraphs come from anywhere in the bundled speeches.
        texts = [rng.choice(pool) if rng.random() < 0.33 else t for t in texts]
        if len(texts) > 1:
            k = rng.randrange(len(texts))
            texts = texts[k:] + texts[:k]
        texts = [_perturb(t, rng, rng.randint(1, 3)) if len(t) > 30 and rng.random() < 0.25 else t
                 for t in texts]
        texts = [shift_years(t) for t in texts]
        heading = shift_years(section.heading)
        sid = ids.claim(section.id if not section.level else section_id(heading))
        sections.append(Section(sid, heading, section.level,
                                 [Paragraph(ids.claim(paragraph_id(t)), t) for t in texts]))
    unit = rng.choice(_UNITS)
    title = shift_years(base.meta.title)
    if unit:
        title = f"{title}（{unit}）"
    occasion = base.meta.occasion and shift_years(base.meta.occasion)
    body_hash = sha256(f"{seed}:{i}:{title}")
    speech_id = f"{year}-{body_hash[7:13]}"
    meta = SpeechMeta(title=title, date=_date(rng, year), occasion=occasion,
                      source=f"bench_{i:05d}.txt", content_hash=body_hash)
    return Speech(speech_id, meta, sections)


def generate(n: int, source_dir: Path, seed: int = 0) -> list[Speech]:
    bundled = bundled_speeches(source_dir)
    pool = [p.text for s in bundled for _, p in s.paragraphs()]
    speeches, seen = [], set()
    for i in range(n):
        speech = make_speech(i, bundled, pool, seed)
        while speech.id in seen:   # vanishingly rare; keep ids unique
            speech.id += "x"
        seen.add(speech.id)
        speeches.append(speech)
    return speeches


# ---------------------------------------------------------------------------------------------
# The two projects

PLAIN_MKDOCS_YML = """\
site_name: 讲话（普通 Material 站点）
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      permalink: "¶"
plugins:
  - search:
      lang: zh
"""


def write_ours(project: Path, speeches: list[Speech]) -> None:
    """Our knowledge base: the real mkdocs.yml, hooks, data; docs/ except speeches linked."""
    write_project(project, {f"{speech.id}.md": render_page(speech) for speech in speeches})


def plain_page(speech: Speech) -> str:
    title = json.dumps(speech.meta.title, ensure_ascii=False)
    return f"---\ntitle: {title}\n---\n\n" + speech_markdown(speech)


def write_plain(project: Path, speeches: list[Speech]) -> None:
    docs = project / "docs"
    (docs / "speeches").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# 讲话\n\n普通 Material 站点，用于性能对比。\n", encoding="utf-8")
    for speech in speeches:
        (docs / "speeches" / f"{speech.id}.md").write_text(plain_page(speech), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Building (in a child process: `bench.py --_child MODE PROJECT`)

def _child(mode: str, project: Path) -> None:
    os.chdir(project)
    logging_setup()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    result = {}
    t0 = time.perf_counter()
    if mode in ("build", "build-timed"):
        config = load_config(config_file=str(project / "mkdocs.yml"))
        if mode == "build-timed":
            result["events"] = time_events(config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
        result["build_s"] = time.perf_counter() - t0
    else:   # "serve"/"serve-dirty": a full build, an edit of one speech page, a rebuild — as
            # `mkdocs serve` (or `mkdocs serve --dirty`) does
        dirty = mode == "serve-dirty"
        serve_url = "http://127.0.0.1:8000/"
        site_dir = str(project / "site-serve")

        def get_config():
            config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
            config.site_url = serve_url
            return config

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        build(config, serve_url=serve_url, dirty=dirty)
        result["first_s"] = time.perf_counter() - t0
        pages = sorted((project / "docs" / "speeches").glob("*.md"))
        page = pages[len(pages) // 2]
        text = page.read_text("utf-8")
        edited = re.sub(r"(\n\n[^#\n][^\n]*?)(。)", r"\1（修改）\2", text, count=1)
        page.write_text(edited if edited != text else text + "\n新增段落。\n", encoding="utf-8")
        t1 = time.perf_counter()
        config = get_config()
        build(config, serve_url=serve_url, dirty=dirty)
        result["rebuild_s"] = time.perf_counter() - t1
        config.plugins.on_shutdown()
        page.write_text(text, encoding="utf-8")
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["largest_process_mb"] = max(self_rss, kids_rss) / 1024
    result["peak_rss_mb"] = (self_rss + kids_rss) / 1024   # upper bound; run_child measures better
    print("BENCH-RESULT " + json.dumps(result))


def time_events(config) -> dict:
    """Wrap every plugin's and hook's event methods to add up their time: {"hook event": s}."""
    totals: dict[str, float] = {}
    for event, methods in config.plugins.events.items():
        for i, method in enumerate(methods):
            owner = getattr(method, "__self__", None)
            name = type(owner).__name__ if owner is not None else getattr(method, "__module__", "?")
            key = f"{name} {event}"

            def timed(*args, __method=method, __key=key, **kwargs):
                start = time.perf_counter()
                try:
                    return __method(*args, **kwargs)
                finally:
                    totals[__key] = totals.get(__key, 0.0) + time.perf_counter() - start
            methods[i] = timed
    return totals


def logging_setup() -> None:
    import logging
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _mem_available_kb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class MemorySampler(threading.Thread):
    """The machine's memory in use above what it was at the start, sampled every 0.1 s while a
    build runs (in this process, which only waits): a build that forks (kb.build.parallel) shares most
    of its pages with its child, so adding their ru_maxrss would count those pages twice."""

    def __init__(self):
        super().__init__(daemon=True)
        self.base = _mem_available_kb()
        self.lowest = self.base
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.1):
            now = _mem_available_kb()
            if now is not None and self.lowest is not None:
                self.lowest = min(self.lowest, now)

    def stop(self) -> float | None:
        self.done.set()
        self.join()
        return None if self.base is None else (self.base - self.lowest) / 1024


def run_child(mode: str, project: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    sampler = MemorySampler()
    sampler.start()
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_child", mode, str(project)],
                          cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    in_use = sampler.stop()
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"错误：构建 {project} 失败（退出码 {proc.returncode}）：\n"
                         f"{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    result = json.loads(lines[-1][len("BENCH-RESULT "):])
    result["wall_s"] = wall
    if in_use is not None:   # the machine's measure when there is one (Linux), else ru_maxrss
        result["peak_rss_mb"] = max(in_use, result["largest_process_mb"])
    warnings = [line for line in proc.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    result["warnings"] = len(warnings)
    return result


# ---------------------------------------------------------------------------------------------
# Measuring a built site

def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def search_languages(index: dict) -> list[str]:
    lang = index.get("config", {}).get("lang") or ["en"]
    return [lang] if isinstance(lang, str) else list(lang)


def first_search_files(site: Path) -> list[Path]:
    """What a reader's browser fetches on the first search with Material's search: the worker,
    lunr's language support for the configured languages and the index itself."""
    files = []
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    files += workers[:1]
    index_path = site / "search" / "search_index.json"
    langs = ["en"]
    if index_path.is_file():
        files.append(index_path)
        try:
            langs = search_languages(json.loads(index_path.read_text("utf-8")))
        except ValueError:
            pass
    lunr = site / "assets" / "javascripts" / "lunr" / "min"
    if any(lang != "en" for lang in langs):
        files.append(lunr / "lunr.stemmer.support.min.js")
    for lang in langs:
        if lang != "en":
            files.append(lunr / f"lunr.{lang}.min.js")
        if lang == "ja":
            files.append(site / "assets" / "javascripts" / "lunr" / "tinyseg.js")
    if len(langs) > 1:
        files.append(lunr / "lunr.multi.min.js")
    return [f for f in files if f.is_file()]


def sharded_first_search(site: Path) -> tuple[list[Path], list[Path], str] | None:
    """Our sharded index (hooks/search_index.py): (all index files, what the browser fetches on
    a first search for the most-mentioned glossary term: worker, search_index.json,
    query-<hash>.js, that term's postings shard and the page files of the results shown, the
    query) or None."""
    from kb.search.shards import first_search_files as sharded_files, shard_of
    from kb.search.terms import search_key
    index = site / "search" / "search_index.json"
    kb = json.loads(index.read_text("utf-8")).get("config", {}).get("kb") if index.is_file() else None
    if not kb or not (site / "kb.json").is_file():
        return None
    slogans = json.loads((site / "kb.json").read_text("utf-8")).get("slogans", [])
    term = max(slogans, key=lambda t: (sum(m["count"] for m in t["mentions"]), t["term"]))["term"]
    token = search_key(term)
    directory = site / "search" / kb["dir"]
    shard = json.loads((directory / f"s{shard_of(token, kb['shards'])}.json").read_text("utf-8"))
    entries = shard.get(token, [])
    fetched = sharded_files(kb, {token: list(zip(entries[0::2], entries[1::2]))}, token)
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    # The worker loads how a query is read (kb/search/query.js) when it starts.
    query = [site / "search" / kb["query"]] if kb.get("query") else []
    return ([index, *sorted(directory.iterdir())],
            [*workers[:1], index, *query, *(directory / name for name in fetched)], term)


def measure_site(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = sorted((p.stat().st_size, str(p.relative_to(site))) for p in files if p.suffix == ".html")
    index = site / "search" / "search_index.json"
    index_bytes = index.read_bytes() if index.is_file() else b""
    first = first_search_files(site)
    sharded = sharded_first_search(site)
    if sharded:   # our index: all its files; the first search fetches only some of them
        whole, first, query = sharded
        index_bytes = b""
    full_files = [p for d in (site / "search").glob("full-*") for p in sorted(d.iterdir())]
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "html_pages": len(html),
        "median_page_bytes": int(statistics.median(s for s, _ in html)) if html else 0,
        "largest_page_bytes": html[-1][0] if html else 0,
        "largest_page": html[-1][1] if html else "",
        "search_index_bytes": sum(p.stat().st_size for p in whole) if sharded else len(index_bytes),
        "search_index_gzip_bytes": sum(_gz(p.read_bytes()) for p in whole) if sharded else _gz(index_bytes),
        "first_search_query": query if sharded else "",
        "first_search_bytes": sum(p.stat().st_size for p in first),
        "first_search_gzip_bytes": sum(_gz(p.read_bytes()) for p in first),
        "first_search_files": [str(p.relative_to(site)) for p in first],
        # The 搜索 results page's own files (kb.search.results: every posting, metadata, texts).
        "results_index_bytes": sum(p.stat().st_size for p in full_files),
        "results_index_gzip_bytes": sum(_gz(p.read_bytes()) for p in full_files),
    }


# ---------------------------------------------------------------------------------------------
# The 搜索 results page in Chromium (issue 16)

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
RESULTS_PAGE_RUNS = 5


def results_hits_text(site: Path, query: str) -> dict:
    """What holding the text of *every* result of `query` would take (the alternative to
    fetching the texts of the results shown, issue 16): the gzip bytes of the text files of all
    speeches with a result, and of each result section's first paragraph with the query (as if
    the postings carried it)."""
    from kb.search.shards import shard_of
    from kb.search.terms import search_key
    kb = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["config"]["kb"]
    full = site / "search" / kb["results"]["dir"]
    token = search_key(query)
    flat = json.loads((full / f"f{shard_of(token, kb['results']['shards'])}.json").read_text("utf-8")).get(token, [])
    meta = json.loads((full / "m.json").read_text("utf-8"))
    owner = [(sp, k if n > 1 else 1) for sp, n in enumerate(meta["n"]) for k in range(n)]
    hits: dict[int, list[int]] = {}
    for doc in flat[0::2]:
        if doc >= meta["first"]:
            sp, k = owner[doc - meta["first"]]
            hits.setdefault(sp, []).append(k - 1)
    texts, paragraphs = 0, []
    for sp, sections in hits.items():
        data = (full / f"t-{meta['speeches'][sp][0]}.json").read_bytes()
        texts += _gz(data)
        record = json.loads(data)
        for k in sections:
            if k >= 0:
                paragraphs += [p[1] for p in record["s"][k][2] if query in p[1]][:1]
    # The same for every token: each posting carrying its paragraph (the mean paragraph's
    # bytes), what the index would hold so that any query's results came with their text.
    postings = sum(len(v) // 2 for f in full.glob("f*.json") for v in json.loads(f.read_text("utf-8")).values())
    sizes = [len(p[1].encode("utf-8")) for f in full.glob("t-*.json")
             for s in json.loads(f.read_text("utf-8"))["s"] for p in s[2]]
    encoded = json.dumps(paragraphs, ensure_ascii=False).encode("utf-8")
    return {"results_hit_speeches": len(hits), "results_hit_texts_gzip_bytes": texts,
            "results_hit_paragraphs_bytes": len(encoded), "results_hit_paragraphs_gzip_bytes": _gz(encoded),
            "results_postings": postings,
            "results_all_paragraphs_bytes": int(postings * statistics.mean(sizes)) if sizes else 0}


# The nginx configuration of README 部署到内网 (方式一), for the site under test.
NGINX_CONF = """\
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        charset utf-8;
        charset_types text/html text/css text/plain application/javascript application/json;
        gzip on;
        gzip_types text/css text/plain application/javascript application/json;
        location / {{ try_files $uri $uri/ =404; }}
        error_page 404 /404.html;
    }}
}}
"""


def site_servers() -> list[str]:
    """The web servers to measure the 搜索 page on: nginx (README 方式一, how an intranet serves the
    site) when installed, and Python's http.server (always there) beside it in the same run."""
    return (["nginx"] if shutil.which("nginx") else []) + ["http.server"]


def _start_server(site: Path, server: str, tmp: Path) -> tuple[subprocess.Popen, int]:
    """Serve `site` by its own process (not a thread of this one, which would share the GIL with
    Playwright's driver), with HTTP/1.1 keep-alive as an intranet web server does."""
    port = _free_port()
    if server == "nginx":
        conf = tmp / "nginx.conf"
        # started by root, nginx's workers would run as nobody and not read the bench's private
        # temporary folders: keep them as root (as any other user, they run as that user)
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=port, site=site.resolve()), "utf-8")
        args = [shutil.which("nginx"), "-c", str(conf), "-g", "daemon off;"]
    else:
        args = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--protocol", "HTTP/1.1",
                "--directory", str(site), str(port)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_port(port)
    return process, port


def results_page_bench(site: Path, query: str) -> dict:
    """results_page_run on each of site_servers(): the first server's figures as results_*, and
    each server's first-query median and runs under results_servers."""
    out: dict = {}
    servers: dict = {}
    for server in site_servers():
        run = results_page_run(site, query, server)
        if not run:
            return {}
        servers[server] = {"first_ms": run["results_first_ms"], "first_all_ms": run["results_first_all_ms"],
                           "again_ms": run["results_again_ms"], "open_ms": run["results_open_ms"],
                           "load_average": run["results_load_average"]}
        out = out or dict(run, results_server=server)
    out["results_servers"] = servers
    out.update(results_hits_text(site, query))     # the files, not the server: once
    return out


def results_page_run(site: Path, query: str, server: str = "http.server") -> dict:
    """The 搜索 page of `site` (served on 127.0.0.1) in headless Chromium: the time to open the
    page until it is ready for a query (search_index.json, query-<hash>.js and m.json loaded),
    from a query (submitted in the page's form) to its first page of results shown, the first
    time (its files fetched) and again (files loaded; median of RESULTS_PAGE_RUNS), and the time
    and new downloads of a change of the year filter, the topic filter, the order and the page;
    the gzip bytes of the index files fetched on opening and by the first query.
    {} when Chromium or Playwright is missing."""
    if not os.access(CHROMIUM, os.X_OK):
        return {}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-server-"))
    process, port = _start_server(site, server, tmp)
    base = f"http://127.0.0.1:{port}/"
    # One step: submit a query, change a filter (field, value) or click a pager link; the time
    # until the page says it is done.
    timed = """async ([q, field, value]) => {
      const status = document.getElementById('kb-sp-status');
      const t0 = performance.now();
      if (field === 'pager') document.querySelector("#kb-sp-pager a[aria-label^='下一页']").click();
      else if (field) { const el = document.getElementById(field); el.value = value;
                        el.dispatchEvent(new Event('change')); }
      else { document.getElementById('kb-sp-q').value = q;
             document.getElementById('kb-sp-form').requestSubmit(); }
      await new Promise(r => { const check = () => status.dataset.state === 'done' ? r() : setTimeout(check, 1);
                               setTimeout(check, 0); });
      return [performance.now() - t0, document.querySelectorAll('#kb-sp-results > li').length,
              (/共 (\\d+) 条/.exec(status.textContent) || [0, 0])[1], t0, window.kbSearchPage.shownAt()];
    }"""

    def files_of(urls: list[str]) -> list[str]:
        """The index files among `urls`, each once (not the page itself; search_index.json and
        query-<hash>.js are asked for by the page and by the worker, from the cache)."""
        from urllib.parse import unquote
        names = (unquote(u.split("?")[0]) for u in urls)
        return list(dict.fromkeys(n for n in names if (site / n).is_file()))

    def gz_of(urls: list[str]) -> int:
        return sum(_gz((site / u).read_bytes()) for u in files_of(urls))

    out: dict = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--headless", "--no-sandbox", "--disable-gpu"])
            # The first query on a freshly opened page, RESULTS_PAGE_RUNS times, each in a new
            # browser context (an empty cache); the last one's page goes on with the changes.
            # The page fetches the files of the likely next steps once results are shown
            # (kb-search.js, prefetch): a step starts when that is done, and its own downloads
            # (asked for between the change and its results) are told apart from the next
            # background fetching by the browser's resource timing, not by when Playwright
            # reports the requests.
            prefetched = "document.getElementById('kb-sp-status').dataset.prefetch === 'done'"
            since = """([t0, t1]) => performance.getEntriesByType('resource')
                .filter(e => e.name.includes('/search/') && e.startTime >= t0 && (t1 === null || e.startTime < t1))
                .map(e => e.name.slice(location.origin.length + 1))"""

            def background_after(t: float) -> list[str]:
                page.wait_for_function(prefetched, timeout=120_000)
                return files_of(page.evaluate(since, [t, None]))

            opens, firsts = [], []
            for _ in range(RESULTS_PAGE_RUNS):
                context = browser.new_context()
                page = context.new_page()
                fetched: list[str] = []
                page.on("request", lambda r, fetched=fetched: fetched.append(r.url))
                started = time.perf_counter()
                page.goto(base + "search/")
                page.wait_for_function("document.getElementById('kb-sp-status').dataset.state === 'done'")
                opens.append((time.perf_counter() - started) * 1000)
                # The query is typed once the page has loaded (Material's worker too: no request
                # for 0.5 s), as a person does, not in the same millisecond.
                page.wait_for_load_state("networkidle")
                page.evaluate("performance.setResourceTimingBufferSize(1000000)")
                before = len(fetched)
                first, shown, total, asked_at, shown_at = page.evaluate(timed, [query, "", ""])
                firsts.append(first)
                if len(firsts) < RESULTS_PAGE_RUNS:
                    context.close()
            load_files = files_of([u[len(base):] for u in fetched[:before] if u.startswith(base + "search/")])
            query_files = [f for f in files_of(page.evaluate(since, [asked_at, shown_at])) if f not in load_files]
            ours = load_files + query_files
            background = {"query": background_after(shown_at)}
            again = sorted(page.evaluate(timed, [query + " ", "", ""])[0] for _ in range(RESULTS_PAGE_RUNS))

            def step(field: str, value: str) -> tuple[float, int, list[str]]:
                page.wait_for_function(prefetched, timeout=120_000)
                ms, _, _, start, done = page.evaluate(timed, ["", field, value])
                own = files_of(page.evaluate(since, [start, done]))
                return round(ms, 1), len(own), background_after(done)

            years = page.eval_on_selector_all("#kb-sp-from option", "os => os.map(o => o.value).filter(Boolean)")
            topics = page.eval_on_selector_all("#kb-sp-topic option", "os => os.map(o => o.value).filter(Boolean)")
            # The newest year as the first year: a filter that leaves out most results.
            steps = {"filter": ("kb-sp-from", years[0] if years else ""),
                     "topic": ("kb-sp-topic", topics[0] if topics else ""),
                     "order": ("kb-sp-order", "date"), "page": ("pager", "")}
            changes = {}
            for name, args in steps.items():
                if args[1] or (name == "page" and page.query_selector("#kb-sp-pager a[aria-label^='下一页']")):
                    changes[name] = step(*args)
                    background[name] = changes[name][2]
            out = {
                "results_query": query, "results_total": int(total), "results_shown": shown,
                "results_open_ms": round(statistics.median(opens), 1),
                "results_first_ms": round(statistics.median(firsts), 1),
                "results_first_all_ms": [round(x, 1) for x in firsts],
                "results_load_average": [round(x, 2) for x in os.getloadavg()],
                "results_again_ms": round(statistics.median(again), 1),
                "results_filter_ms": changes.get("filter", (None, 0))[0],
                "results_filter_fetches": changes.get("filter", (None, 0))[1],
                "results_changes": {k: {"ms": v[0], "fetches": v[1]} for k, v in changes.items()},
                # Files fetched in the background after the query's results and after each step.
                "results_prefetch": {k: {"files": len(v), "gzip_bytes": gz_of(v)} for k, v in background.items()},
                "results_page_files": ours,
                "results_load_files": load_files,
                "results_query_files": query_files,
                "results_load_gzip_bytes": gz_of(load_files),
                "results_query_gzip_bytes": gz_of(query_files),
                "results_first_gzip_bytes": gz_of(ours),
            }
            browser.close()
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _server_line(name: str, s: dict) -> str:
    runs = "、".join(f"{x:.0f}" for x in s["first_all_ms"])
    load = "/".join(f"{x:.1f}" for x in s["load_average"])
    return f"{name} {s['first_ms']:.0f} ms（各次 {runs}；负载 {load}），文件已载入后 {s['again_ms']:.0f} ms"


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 10.0) -> None:
    import socket
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# Report

ROWS = [
    ("构建时间（秒）", "wall_s", "s"),
    ("构建时间，缓存已热（秒）", "warm_wall_s", "s"),
    ("峰值内存（MB）", "peak_rss_mb", "mb"),
    # The peak above (MemAvailable) moves by tens of MB between identical runs; this one does not.
    ("构建进程最大常驻内存（MB）", "largest_process_mb", "mb"),
    ("修改一篇后重建（秒）", "rebuild_s", "s"),
    ("同上，serve --dirty（serve.sh 的方式，秒）", "rebuild_dirty_s", "s"),
    ("站点大小", "site_bytes", "bytes"),
    ("HTML 页面数", "html_pages", "int"),
    ("页面中位数", "median_page_bytes", "bytes"),
    ("最大页面", "largest_page_bytes", "bytes"),
    ("搜索索引", "search_index_bytes", "bytes"),
    ("搜索索引（gzip）", "search_index_gzip_bytes", "bytes"),
    ("首次搜索下载", "first_search_bytes", "bytes"),
    ("首次搜索下载（gzip）", "first_search_gzip_bytes", "bytes"),
    ("搜索结果页索引", "results_index_bytes", "bytes"),
    ("搜索结果页索引（gzip）", "results_index_gzip_bytes", "bytes"),
]


def fmt(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "s":
        return f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    if kind == "mb":
        return f"{value:.0f}"
    if kind == "int":
        return str(value)
    for unit, size in (("MB", 1 << 20), ("KB", 1 << 10)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value} B"


def ratio(a, b) -> str:
    if a is None or b in (None, 0):
        return "—"
    return f"{a / b:.2f}"


def table(result: dict) -> str:
    ours, plain = result["ours"], result.get("plain") or {}
    lines = [f"N = {result['n']} 篇讲话（约 {result['chars'] / 10000:.0f} 万字），{result['cpus']} 核",
             "", "| 指标 | 本知识库 | 普通 Material | 本知识库/普通 |", "|---|---:|---:|---:|"]
    for label, key, kind in ROWS:
        a, b = ours.get(key), plain.get(key)
        # The plain site keeps no cache: its one build time is what a warm build compares with.
        versus = plain.get("wall_s") if key == "warm_wall_s" else b
        lines.append(f"| {label} | {fmt(a, kind)} | {fmt(b, kind)} | {ratio(a, versus)} |")
    lines += ["", f"本知识库最大页面：{ours.get('largest_page', '')}；"
                  f"普通站点最大页面：{plain.get('largest_page', '—')}"]
    if ours.get("first_search_query"):
        lines.append(f"首次搜索下载：本知识库为搜索 worker、search_index.json，以及搜索出现最多的提法"
                     f"“{ours['first_search_query']}”时实际取的 "
                     f"{len([f for f in ours['first_search_files'] if '/kb-' in f])} 个分块"
                     "（1 个词表分块和结果页的小节分块），以及读查询的 query-<哈希>.js；"
                     "普通站点为 worker、整个索引和 lunr 中文支持文件。"
                     "搜索索引一栏为本知识库全部索引文件之和。gzip 为逐个文件压缩后相加")
    if ours.get("results_query"):
        names = {"filter": "起始年份改为最新一年", "topic": "选一个专题", "order": "改按日期排序", "page": "下一页"}
        changes = "；".join(f"{names[k]} {v['ms']:.0f} ms、新下载 {v['fetches']} 个文件"
                           for k, v in ours.get("results_changes", {}).items())
        pre = ours.get("results_prefetch", {})
        if pre:
            changes += ("（每一步之前，页面在后台取好下一步可能要显示的正文：" + "、".join(
                f"{'首次查询' if k == 'query' else names[k]}后 {v['files']} 个文件 {fmt(v['gzip_bytes'], 'bytes')}"
                for k, v in pre.items()) + "，gzip）")
        lines.append(
            f"搜索结果页（search/，Chromium，网页服务器 {ours.get('results_server', 'http.server')}）："
            f"打开页面到可以查询 {ours['results_open_ms']:.0f} ms（中位数）"
            f"（取 {len(ours['results_load_files'])} 个文件，gzip {fmt(ours['results_load_gzip_bytes'], 'bytes')}）；"
            f"查询“{ours['results_query']}”共 {ours['results_total']} 条结果，"
            f"从提交到第一页 {ours['results_shown']} 条显示：首次 {ours['results_first_ms']:.0f} ms"
            f"（{RESULTS_PAGE_RUNS} 次新开页面的中位数，各次 "
            f"{'、'.join(f'{x:.0f}' for x in ours.get('results_first_all_ms', []))} ms；"
            f"测量时负载 {'/'.join(f'{x:.1f}' for x in ours.get('results_load_average', []))}）"
            f"（含下载 {len(ours['results_query_files'])} 个文件，gzip {fmt(ours['results_query_gzip_bytes'], 'bytes')}），"
            f"文件已载入后 {ours['results_again_ms']:.0f} ms（{RESULTS_PAGE_RUNS} 次中位数）；{changes}。"
            f"打开页面并完成首次查询共取 {len(ours['results_page_files'])} 个索引文件，gzip 合计 "
            f"{fmt(ours['results_first_gzip_bytes'], 'bytes')}（搜索框首次搜索为 "
            f"{fmt(ours.get('first_search_gzip_bytes'), 'bytes')}）。"
            f"若要让任何筛选都不再下载：全部 {ours['results_total']} 条结果所在的 {ours['results_hit_speeches']} 篇讲话正文 "
            f"gzip {fmt(ours['results_hit_texts_gzip_bytes'], 'bytes')}，只取每条结果含查询词的一段也要 "
            f"{fmt(ours['results_hit_paragraphs_bytes'], 'bytes')}（gzip {fmt(ours['results_hit_paragraphs_gzip_bytes'], 'bytes')}；"
            f"生成的讲话段落互相重复，压缩比真实讲话高），而每个词都这样带上段落，索引中 "
            f"{ours['results_postings']:,} 条记录约需 {fmt(ours['results_all_paragraphs_bytes'], 'bytes')}")
        servers = ours.get("results_servers", {})
        if len(servers) > 1:
            lines.append("同一次运行中换网页服务器的首次查询（提交到第一页显示，5 次新开页面的中位数）："
                         + "；".join(_server_line(name, s) for name, s in servers.items()))
    if "first_s" in ours:
        lines.append(f"重建前的首次构建（同一进程内）：本知识库 {fmt(ours['first_s'], 's')} 秒"
                     + (f"，普通站点 {fmt(plain['first_s'], 's')} 秒" if "first_s" in plain else "")
                     + f"；重建/完整构建 = {ratio(ours.get('rebuild_s'), ours.get('first_s'))}")
    if "warm_wall_s" in ours:
        lines.append("构建时间：第一次在空的 .kb-cache/ 上（冷），第二次用第一次留下的缓存（热）；"
                     "“缓存已热”一行的比值以普通站点的构建时间为分母（普通站点没有缓存）")
    if ours.get("rebuild_dirty_s"):
        lines.append(f"serve --dirty 重建/完整构建：对冷构建 {ratio(ours['rebuild_dirty_s'], ours.get('wall_s'))}，"
                     f"对热构建 {ratio(ours['rebuild_dirty_s'], ours.get('warm_wall_s'))}")
    return "\n".join(lines)


def events_table(ours: dict, top: int = 15) -> str:
    events = sorted(ours["events"].items(), key=lambda kv: -kv[1])[:top]
    total = ours.get("build_s") or 0
    lines = ["", f"本知识库各钩子/插件事件耗时（构建共 {fmt(total, 's')} 秒，其余为 MkDocs 自身的读取、"
                 "Markdown 渲染和模板）：", "", "| 钩子/插件 事件 | 秒 |", "|---|---:|"]
    lines += [f"| {key} | {fmt(value, 's')} |" for key, value in events]
    return "\n".join(lines)


def bench_one(name: str, project: Path, rebuild: bool, timed: bool = False,
              dirty: bool = False, warm: bool = False) -> dict:
    print(f"正在构建{name}……", file=sys.stderr, flush=True)
    result = run_child("build-timed" if timed else "build", project)
    result.update(measure_site(project / "site"))
    if warm:   # again, with the analysis cache the first build left in .kb-cache/
        print(f"正在再次构建{name}（缓存已热）……", file=sys.stderr, flush=True)
        again = run_child("build", project)
        result["warm_wall_s"] = again["wall_s"]
        result["warm_peak_rss_mb"] = again["peak_rss_mb"]
    if rebuild:
        print(f"正在测量{name}修改一篇讲话后的重建……", file=sys.stderr, flush=True)
        serve = run_child("serve", project)
        result["first_s"] = serve["first_s"]
        result["rebuild_s"] = serve["rebuild_s"]
        result["serve_peak_rss_mb"] = serve["peak_rss_mb"]
        shutil.rmtree(project / "site-serve", ignore_errors=True)
        if dirty:
            print(f"正在测量{name}在 mkdocs serve --dirty 下修改一篇讲话后的重建……", file=sys.stderr, flush=True)
            serve = run_child("serve-dirty", project)
            result["rebuild_dirty_s"] = serve["rebuild_s"]
            shutil.rmtree(project / "site-serve", ignore_errors=True)
    return result


def write_import_sources(speeches: list[Speech], folder: Path) -> dict[str, list[Path]]:
    """Each speech as .txt and .docx; .doc, .odt and .pdf converted from the .docx by LibreOffice."""
    import docx

    from kb.ingest.office import find_soffice

    by_format: dict[str, list[Path]] = {}
    for ext in ("txt", "docx"):
        (folder / ext).mkdir(parents=True)
    for i, speech in enumerate(speeches):
        lines = [speech.meta.title]
        document = docx.Document()
        document.add_paragraph(speech.meta.title, style="Title")
        for section in speech.sections:
            if section.level:
                lines.append(section.heading)
                document.add_heading(section.heading, level=section.level - 1)
            for paragraph in section.paragraphs:
                lines.append(paragraph.text)
                document.add_paragraph(paragraph.text)
        (folder / "txt" / f"{i:05d}.txt").write_text("\n".join(lines) + "\n", "utf-8")
        document.save(folder / "docx" / f"{i:05d}.docx")
    by_format["txt"] = sorted((folder / "txt").glob("*.txt"))
    by_format["docx"] = sorted((folder / "docx").glob("*.docx"))
    binary = find_soffice()
    if binary:
        for target in ("doc", "odt", "pdf"):
            out = folder / target
            subprocess.run([binary, "--headless", "--norestore",
                            f"-env:UserInstallation={(folder / 'profile').resolve().as_uri()}",
                            "--convert-to", target, "--outdir", str(out), *map(str, by_format["docx"])],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            by_format[target] = sorted(out.glob(f"*.{target}"))
    return by_format


def bench_import(count: int, seed: int, root: Path) -> dict:
    from kb.ingest.importing import FAILED, PageIndex, convert_legacy, import_file

    speeches = generate(count, REPO_ROOT / "docs" / "speeches", seed)
    print(f"正在生成 {count} 篇讲话的 .txt/.docx/.doc/.odt/.pdf 文件……", file=sys.stderr, flush=True)
    sources = write_import_sources(speeches, root / "sources")
    result = {}
    for fmt, files in sources.items():
        dest = root / "pages" / fmt
        dest.mkdir(parents=True)
        start = time.perf_counter()
        index = PageIndex(dest)
        with convert_legacy(files) as batch:
            converted = time.perf_counter()
            results = [import_file(f, index, converted=batch.results.get(f)) for f in files]
        wall = time.perf_counter() - start
        failed = sum(r.status == FAILED for r in results)
        result[fmt] = {"files": len(files), "wall_s": wall, "files_per_s": len(files) / wall,
                       "convert_s": converted - start, "failed": failed}
    return result


def import_table(result: dict) -> str:
    rows = ["| 格式 | 文件数 | 用时（秒） | 其中 LibreOffice 转换 | 每秒文件数 | 失败 |",
            "|---|---:|---:|---:|---:|---:|"]
    for fmt, data in result.items():
        rows.append(f"| .{fmt} | {data['files']} | {data['wall_s']:.2f} | {data['convert_s']:.2f} | "
                    f"{data['files_per_s']:.1f} | {data['failed']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="性能基准：本知识库与普通 Material + jieba 站点对比。")
    parser.add_argument("--n", type=int, default=1000, help="生成的讲话篇数（默认 1000）")
    parser.add_argument("--seed", type=int, default=0, help="生成语料的随机种子（默认 0）")
    parser.add_argument("--keep", metavar="DIR", help="把两个临时项目保存在 DIR 中（不删除）")
    parser.add_argument("--skip-plain", action="store_true", help="不构建普通 Material 站点")
    parser.add_argument("--skip-ours", action="store_true", help="不构建本知识库")
    parser.add_argument("--skip-rebuild", action="store_true", help="不测量修改一篇讲话后的重建")
    parser.add_argument("--skip-warm", action="store_true", help="不测量缓存已热时的第二次完整构建")
    parser.add_argument("--hooks-time", action="store_true",
                        help="另外列出本知识库各钩子、插件每个事件的耗时（总耗时前 15 项）")
    parser.add_argument("--dirty", action="store_true",
                        help="另外测量 mkdocs serve --dirty（只重建改动的页面）下的重建时间")
    parser.add_argument("--skip-browser", action="store_true",
                        help="不用 Chromium 测量搜索结果页（search/）的查询速度与下载量")
    parser.add_argument("--json", metavar="FILE", help="把结果另存为 JSON")
    parser.add_argument("--import-formats", type=int, metavar="K",
                        help="只测导入速度：K 篇讲话分别以 .txt/.docx/.doc/.odt/.pdf 导入，每秒文件数")
    parser.add_argument("--_child", nargs=2, metavar=("MODE", "PROJECT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._child:
        _child(args._child[0], Path(args._child[1]))
        return 0
    if args.n < 1:
        parser.error("--n 至少为 1")
    if args.import_formats is not None:
        if args.import_formats < 1:
            parser.error("--import-formats 至少为 1")
        root = Path(tempfile.mkdtemp(prefix="kb-bench-import-"))
        try:
            result = {"import": bench_import(args.import_formats, args.seed, root)}
        finally:
            shutil.rmtree(root, ignore_errors=True)
        print(import_table(result["import"]))
        if args.json:
            Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
        return 0

    root = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="kb-bench-"))
    if args.keep:
        if root.exists() and any(root.iterdir()):
            parser.error(f"--keep 目录 {root} 已存在且不为空")
        root.mkdir(parents=True, exist_ok=True)
    try:
        print(f"正在生成 {args.n} 篇讲话……", file=sys.stderr, flush=True)
        speeches = generate(args.n, REPO_ROOT / "docs" / "speeches", args.seed)
        chars = sum(len(p.text) for s in speeches for _, p in s.paragraphs())
        result = {"n": args.n, "chars": chars, "cpus": os.cpu_count(), "seed": args.seed,
                  "ours": {}, "plain": None}
        if not args.skip_ours:
            write_ours(root / "ours", speeches)
            result["ours"] = bench_one("本知识库", root / "ours", not args.skip_rebuild, args.hooks_time,
                                       args.dirty, warm=not args.skip_warm)
            if not args.skip_browser and result["ours"].get("first_search_query"):
                print("正在用 Chromium 测量搜索结果页……", file=sys.stderr, flush=True)
                result["ours"].update(results_page_bench(root / "ours" / "site",
                                                         result["ours"]["first_search_query"]))
        if not args.skip_plain:
            write_plain(root / "plain", speeches)
            result["plain"] = bench_one("普通 Material 站点", root / "plain", not args.skip_rebuild,
                                        dirty=args.dirty)
        print(table(result))
        if args.hooks_time and result["ours"].get("events"):
            print(events_table(result["ours"]))
        if args.json:
            Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
            print(f"结果已写入 {args.json}", file=sys.stderr)
        if args.keep:
            print(f"临时项目保存在 {root}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
