"""The README's first command really builds and serves the bundled site on 127.0.0.1."""
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def readme_commands(repo_root):
    readme = (repo_root / "README.md").read_text("utf-8")
    start = readme.index("## 快速开始")
    section = readme[start:readme.index("\n## ", start + 1)]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands(repo_root):
    assert readme_commands(repo_root) == ["bash scripts/serve.sh", "bash scripts/test.sh"]


def test_serve_command_builds_and_serves(repo_root):
    port = free_port()
    proc = subprocess.Popen(["bash", "scripts/serve.sh", f"127.0.0.1:{port}"], cwd=repo_root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, env=dict(os.environ, KB_ADDR=""))
    try:
        deadline, body = time.monotonic() + 240, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.5)
        assert body is not None, f"serve.sh did not serve (exit {proc.poll()})"
        assert "党建知识库" in body and "篇讲话" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/speeches/", timeout=5) as response:
            assert "讲话" in response.read().decode("utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
