"""Every example a user can read runs as pasted: each page of docs/ and the README, its
```python and ```bash blocks run top to bottom in a fresh folder (a page's Python blocks
share one namespace, as pasted into one session). `pip install` lines are what a reader
runs first and are not run here (the test environment has every extra); a block whose
first line is `# not run: <why>` is shown, not run, and must say why. A `print(...)` line
with a comment says what it prints: the comment up to its first `: ` (outside brackets and
quotes) is the line printed, or its start where it ends in `...`."""

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


def claimed(comment: str) -> str:
    """What a print line's comment says it prints: the text before the first ': ' outside
    brackets and quotes."""
    depth, quote = 0, None
    for i, ch in enumerate(comment):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ":" and depth == 0 and comment[i + 1:i + 2] == " ":
            return comment[:i].strip()
    return comment.strip()


def check_printed(code: str, where: str, printed: dict) -> None:
    """Each print line whose comment claims an output printed it: a comment that starts as a
    value does (a digit, a sign, a bracket or a quote), or with the word the output starts
    with; words that describe the output claim nothing. The printed line starts with the
    claim (cut where it has `...`), up to a space, `:`, `,` or its end."""
    for k, text in enumerate(code.splitlines(), start=1):
        m = re.match(r"\s*print\(.*\)\s+#\s*(.+)$", text)
        if not m:
            continue
        want = claimed(m.group(1))
        got = printed.get(k)
        assert got, f"{where}+{k - 1}: printed nothing"
        first = got[0].split(None, 1)[0] if got[0].split() else ""
        if not (want[0] in "0123456789-([{'\"" or want.split(None, 1)[0] == first):
            continue  # a description
        start = want[:want.index("...")].rstrip(", ") if "..." in want else want
        rest = got[0][len(start):]
        assert got[0].startswith(start) and (not rest or rest[0] in " :,\n"), \
            f"{where}+{k - 1}: printed {got[0]!r}, the comment says {want!r}"


def test_the_claimed_output_of_a_print_comment():
    assert claimed("('X',) (200.0, 0.0): the lower one at its limit") == "('X',) (200.0, 0.0)"
    assert claimed("{'a': 1}: a dict") == "{'a': 1}"
    assert claimed("'a: b'") == "'a: b'"
    assert claimed("M 790 11%") == "M 790 11%"
    for code, out in (("print(1)  # 2: wrong", "1"), ("print(42)  # 4", "42"),
                      ("print('M 1')  # M 2", "M 1")):
        with pytest.raises(AssertionError, match="the comment says"):
            check_printed(code, "page", {1: [out]})
    check_printed("x = 1\nprint(x)  # 1: right\nprint(x)  # 1, ...\nprint(x)  # one, a word",
                  "page", {2: ["1"], 3: ["1, 2"], 4: ["1"]})


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
            printed: dict = {}

            def recorded(*args, sep=" ", end="\n", file=None, flush=False, _where=where):
                frame = sys._getframe(1)
                if file is None and frame.f_code.co_filename == _where:
                    printed.setdefault(frame.f_lineno, []).append(sep.join(map(str, args)))
                print(*args, sep=sep, end=end, file=file, flush=flush)

            namespace["print"] = recorded
            exec(compile(code, where, "exec"), namespace)
            check_printed(code, where, printed)
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
