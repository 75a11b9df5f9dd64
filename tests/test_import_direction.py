"""Dependencies point one way (docs/architecture.md): no import circles."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "news", "publications")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    return {
        module_name(path): path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and "settings" not in path.parts
    }


def imports(name, path, known):
    """Our modules `name` imports, anywhere in the file, with their packages."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        for candidate in candidates:
            parts = candidate.split(".")
            found.update(
                prefix
                for prefix in (".".join(parts[:i]) for i in range(1, len(parts) + 1))
                if prefix in known
            )
    # A module's own packages are not what it depends on.
    return {target for target in found if not name.startswith(target + ".")}


def graph():
    known = modules()
    return {name: imports(name, path, known) - {name} for name, path in known.items()}


def test_news_and_publications_never_import_each_other():
    crossing = [
        (name, target)
        for name, targets in graph().items()
        for target in targets
        if {name.split(".")[0], target.split(".")[0]} == {"news", "publications"}
    ]
    assert crossing == []


def test_cms_imports_no_app():
    assert [
        (name, target)
        for name, targets in graph().items()
        if name.startswith("cms")
        for target in targets
        if not target.startswith("cms")
    ] == []


def test_no_module_imports_one_that_imports_it_back():
    edges = graph()
    cycles = []

    def visit(name, path):
        for target in edges.get(name, ()):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target, [*path, target])
        done.add(name)

    done = set()
    for name in edges:
        if name not in done:
            visit(name, [name])
    assert cycles == []
