"""Every example a user can read runs as pasted: each page of docs/ and the README, its
```python and ```bash blocks run top to bottom in a fresh folder (a page's Python blocks
share one namespace, as pasted into one session). `pip install` lines are what a reader
runs first and are not run here (the test environment has every extra); a block whose
first line is `# not run: <why>` is shown, not run, and must say why."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
FENCE = re.compile(r"^```(python|bash)\n(.*?)^```\s*$", re.M | re.S)


def blocks(page: Path):
    text = page.read_text()
    for m in FENCE.finditer(text):
        line = text[:m.start()].count("\n") + 2
        yield m.group(1), m.group(2), line


def test_every_page_has_runnable_examples_or_none_marked_wrongly():
    for page in PAGES:
        for lang, code, line in blocks(page):
            first = code.splitlines()[0] if code.strip() else ""
            if first.startswith("# not run"):
                assert len(first) > len("# not run: ") + 5, f"{page}:{line}: say why"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_of_a_page_run_as_pasted(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}"
                                f"{os.environ.get('PATH', '')}", MPLBACKEND="Agg")
    namespace = {"__name__": "__main__"}
    ran = 0
    for lang, code, line in blocks(page):
        if code.splitlines() and code.splitlines()[0].startswith("# not run"):
            continue
        where = f"{page.relative_to(ROOT)}:{line}"
        if lang == "python":
            exec(compile(code, where, "exec"), namespace)
        else:
            script = "\n".join(x for x in code.splitlines()
                               if not x.lstrip().startswith("pip install"))
            if not script.strip():
                continue
            done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path,
                                  env=env, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, f"{where}:\n{done.stdout}\n{done.stderr}"
        ran += 1
    runnable = [c for _, c, _ in blocks(page) if not c.startswith("# not run")]
    assert ran or not runnable, f"{page}: no example ran"
