"""The package's modules import one way: load, layers, joins, scene, renderers, products."""

import ast

from conftest import REPO

# Stages of the data flow, lowest first; a module may import its own stage or lower ones.
STAGES = [
    {
        "errors",
        "settings",
        "_catalogue",
        "_validate",
        "_io",
        "_encoding",
        "_read",
        "_text",
        "names",
    },
    {"boundaries", "indicators", "style"},
    {"layers", "local", "crossings"},
    {"changes", "_describe"},
    {"joins", "analysis", "consulates", "traces", "ffl", "proximity", "spillover", "context"},
    {"catalogue"},
    {"spec"},
    {"scene"},
    {"_html", "_draw", "_insets", "_labels", "_legend", "_layout", "web", "static", "charts", "io"},
    {"recipes", "deck", "briefs"},
    {"cli", "__main__", "__init__"},
]
RENDERERS = {
    "_html",
    "_draw",
    "_insets",
    "_labels",
    "_legend",
    "_layout",
    "web",
    "static",
    "charts",
}
# What builds layers or reads files: a renderer draws a scene and imports none of them.
BUILDERS_AND_LOADERS = {
    "boundaries",
    "indicators",
    "layers",
    "local",
    "changes",
    "crossings",
    "joins",
    "analysis",
    "consulates",
    "ffl",
    "_read",
    "_encoding",
    "names",
}
# Modules that may name a layer: the catalogue declares them, the scene and recipes default
# to some, briefs choose theirs; the data modules name their own tables.
MAY_NAME_LAYERS = {
    "catalogue",
    "spec",
    "briefs",
    "_text",
    "analysis",
    "boundaries",
    "consulates",
    "crossings",
    "indicators",
    "layers",
    "local",
}


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


def test_renderers_import_no_builder_or_loader():
    graph = _imports()
    found = {m: sorted(graph[m] & BUILDERS_AND_LOADERS) for m in RENDERERS}
    assert found == {m: [] for m in RENDERERS}


def test_no_module_outside_the_catalogue_branches_on_a_layer_id():
    from geo.catalogue import LAYERS

    named = {}
    for path in sorted((REPO / "geo").glob("*.py")):
        if path.stem in MAY_NAME_LAYERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hits = [
            n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in LAYERS
        ]
        if hits:
            named[path.stem] = hits
    assert named == {}


MAX_MODULE_LINES = 520  # about 500: a module one reads in one sitting
MAX_FUNCTION_LINES = 80  # a function of about one screen, docstring included


def test_modules_and_functions_stay_readable():
    long_modules, long_functions = {}, {}
    for path in sorted((REPO / "geo").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if (lines := source.count("\n")) > MAX_MODULE_LINES:
            long_modules[path.stem] = lines
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions[f"{path.stem}.{node.name}"] = length
    assert long_modules == {}
    assert long_functions == {}
