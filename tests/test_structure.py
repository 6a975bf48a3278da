"""The package's modules import one way: load, layers, joins, scene, renderers, products."""

import ast

from conftest import REPO

# Stages of the data flow, lowest first; a module may import its own stage or lower ones.
STAGES = [
    {"errors", "settings", "_catalogue", "_validate", "_io", "_read", "_text", "names"},
    {"boundaries", "indicators"},
    {"layers", "crossings"},
    {"joins", "analysis", "consulates", "ffl"},
    {"style", "scene"},
    {"_html", "web", "static", "io"},
    {"recipes", "deck", "briefs"},
    {"cli", "__main__", "__init__"},
]


def _imports() -> dict[str, set[str]]:
    """Module -> the package's modules it imports, at the top or inside a function."""
    modules = {p.stem: p for p in (REPO / "geo").glob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert not (isinstance(node, ast.ImportFrom) and node.level), f"{name}: relative import"
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("geo"):
                parts = node.module.split(".")
                targets = parts[1:2] or [a.name for a in node.names if a.name in modules]
                found.update(targets)
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("geo."))
        graph[name] = found - {name}
    return graph


def test_every_module_has_a_stage():
    staged = set().union(*STAGES)
    assert set(_imports()) == staged


def test_no_module_imports_a_later_stage():
    stage = {module: i for i, modules in enumerate(STAGES) for module in modules}
    graph = _imports()
    unstaged = {target for targets in graph.values() for target in targets} - set(stage)
    assert not unstaged, f"imported modules without a stage: {sorted(unstaged)}"
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if stage[target] > stage[module]
    )
    assert not upward


def test_the_import_graph_has_no_cycle():
    graph = _imports()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
