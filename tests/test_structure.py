"""How the package is put together: its docstring examples run, and its modules import each
other without a cycle (an import inside a function counts: it is how cycles hide)."""

import ast
import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import cartonize

PACKAGE = Path(cartonize.__file__).parent
OPTIONAL = {"cartonize.dask": "dask"}  # modules that need an extra


def modules():
    for info in pkgutil.walk_packages([str(PACKAGE)], "cartonize."):
        yield info.name


@pytest.mark.parametrize("name", sorted(modules()))
def test_docstring_examples_run(name):
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name])
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def _imports(path: Path, name: str, is_package: bool) -> set:
    """The cartonize modules that module `name` imports, anywhere in its source."""
    base = name.split(".") if is_package else name.split(".")[:-1]
    out = set()
    tree = ast.parse(path.read_text())
    # Imports under `if TYPE_CHECKING:` are read by type checkers only: no dependency.
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
                "TYPE_CHECKING", "_TYPE_CHECKING", "typing.TYPE_CHECKING"):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("cartonize")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                mod = ".".join(base[:len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("cartonize"):
                continue
            # "from . import x" and "from .pkg import mod" name modules too.
            for a in node.names:
                out.add(f"{mod}.{a.name}")
            out.add(mod)
    return out


def test_import_graph_has_no_cycle():
    files = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        files[".".join(parts)] = (path, is_package)
    graph = {}
    for name, (path, is_package) in files.items():
        # An import of a package runs its __init__; a module of a package is imported by its
        # parent only if the parent says so, so edges go to the named modules themselves.
        graph[name] = {m for m in _imports(path, name, is_package) if m in files and m != name}
    # A package's __init__ re-exporting its own modules is not a cycle back into them.
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in graph[n]:
            if m.startswith(n + "."):  # a package importing its own submodule
                continue
            if state.get(m) == 1:
                cycle = stack[stack.index(m):] + [m]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)


def test_every_name_of_the_core_has_a_stub():
    # _core.pyi is what editors and type checkers see of the extension: a function or constant
    # bound in csrc/bindings/ without a stub there is invisible to them.
    from cartonize import _core

    tree = ast.parse((PACKAGE / "_core.pyi").read_text())
    stubbed = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stubbed.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stubbed.add(node.target.id)
    bound = {n for n in dir(_core) if not n.startswith("_")}
    assert bound - stubbed == set()
    assert stubbed - bound == set()


def _architecture():
    """ARCHITECTURE.md's table: {part: (modules, parts or modules it may import)}."""
    text = (Path(__file__).resolve().parents[1] / "ARCHITECTURE.md").read_text()
    parts = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].startswith("`"):
            continue
        modules = [m.strip(" `") for m in cells[1].split(",")]
        allowed = [a.strip(" `") for a in cells[2].split(",") if a.strip()]
        parts[cells[0]] = (modules, allowed)
    return parts


def test_imports_follow_the_architecture():
    parts = _architecture()
    assert {"extension", "foundation", "values", "packing", "reference",
            "command line"} <= set(parts)
    owner = {}
    for part, (modules, _) in parts.items():
        for m in modules:
            owner["cartonize" if m == "cartonize" else f"cartonize.{m}"] = part

    def part_of(name):
        while name not in owner and "." in name:
            name = name.rsplit(".", 1)[0]
        return owner.get(name)

    wrong = []
    for path in PACKAGE.rglob("*.py"):
        rel = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = rel[-1] == "__init__"
        name = ".".join(rel[:-1] if is_package else rel)
        mine = part_of(name)
        assert mine is not None, f"{name} is in no part of ARCHITECTURE.md"
        allowed = set(parts[mine][1])
        for target in _imports(path, name, is_package):
            if target == "cartonize":  # "from . import x": x is the import, not the face
                continue
            theirs = part_of(target)
            if theirs is None or theirs == mine:
                continue
            module = target.removeprefix("cartonize.")
            if theirs not in allowed and module.split(".")[0] not in allowed:
                wrong.append(f"{name} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def _core_architecture():
    """ARCHITECTURE.md's table of csrc/: {part: (file patterns, parts it may include)}."""
    text = (Path(__file__).resolve().parents[1] / "ARCHITECTURE.md").read_text()
    text = text[text.index("## The C++ core"):]
    parts = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1].startswith("`"):
            parts[cells[0]] = ([f.strip(" `") for f in cells[1].split(",")],
                               [a.strip() for a in cells[2].split(",") if a.strip()])
    return parts


def test_includes_follow_the_architecture():
    import fnmatch
    import re
    csrc = Path(__file__).resolve().parents[1] / "csrc"
    if not csrc.is_dir():
        pytest.skip("the C++ sources are not beside the tests (an installed wheel)")
    parts = _core_architecture()
    assert {"base", "packer", "fitting", "selection", "batch", "bindings"} <= set(parts)

    def part_of(rel: str):
        found = [p for p, (files, _) in parts.items()
                 if any(fnmatch.fnmatch(rel, f) for f in files)]
        assert len(found) == 1, f"csrc/{rel} is in {found or 'no part'} of ARCHITECTURE.md"
        return found[0]

    wrong = []
    for path in sorted(csrc.rglob("*.[ch]pp")):
        rel = path.relative_to(csrc).as_posix()
        mine = part_of(rel)
        text = path.read_text()
        if mine != "bindings" and re.search(r'#include\s*[<"](pybind11|Python\.h)', text):
            wrong.append(f"csrc/{rel} includes pybind11 or Python.h")
        for inc in re.findall(r'#include\s*"([^"]+)"', text):
            target = (path.parent / inc).resolve().relative_to(csrc.resolve()).as_posix()
            theirs = part_of(target)
            if theirs != mine and theirs not in parts[mine][1]:
                wrong.append(f"csrc/{rel} ({mine}) includes {target} ({theirs})")
    assert wrong == []


def test_no_file_outgrows_the_size_its_readers_were_promised():
    # The structure issue's bounds: no Python module and no core file over 450 lines, no file
    # that includes pybind11 over 300, and the walk alone in selection.cpp (under 300).
    root = Path(__file__).resolve().parents[1]
    csrc = root / "csrc"
    if not csrc.is_dir():
        pytest.skip("the sources are not beside the tests (an installed wheel)")
    long = []
    for path in sorted(PACKAGE.rglob("*.py")) + sorted(csrc.rglob("*.[ch]pp")):
        n = len(path.read_text().splitlines())
        rel = path.relative_to(root if csrc in path.parents else PACKAGE.parent).as_posix()
        bound = 450
        if "bindings" in path.parts or path.name == "selection.cpp":
            bound = 299
        if n > bound:
            long.append(f"{rel}: {n} lines (at most {bound})")
    assert long == []
