"""Builds are deterministic: the same speeches give the same bytes, whatever the day."""
import hashlib
import os
import subprocess
import sys

from conftest import venv_python


def digest_tree(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site, repo_root, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    second = tmp_path / "site"
    subprocess.run([venv_python(), "-m", "mkdocs", "build", "-q", "-d", str(second)], cwd=repo_root,
                   env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    first, again = digest_tree(built_site), digest_tree(second)
    assert first.keys() == again.keys()
    assert [name for name in first if first[name] != again[name]] == []


def test_build_date_comes_from_the_speeches_not_the_clock(built_site):
    # MkDocs stamps the build time into the gzip header of sitemap.xml.gz (bytes 4-8).
    header = (built_site / "sitemap.xml.gz").read_bytes()[:8]
    stamp = int.from_bytes(header[4:8], "little")
    assert stamp == 1672531200   # 2023-01-01 UTC: the newest bundled speech is dated 2023
