"""examples/joins.ipynb runs from top to bottom, so it cannot rot."""

import html
import re

import nbformat
from conftest import REPO
from nbclient import NotebookClient


def test_joins_notebook_executes():
    nb = nbformat.read(REPO / "examples" / "joins.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs
    )
    assert "Ciudad Juárez" in text or "Laredo" in text
    assert "'Chihuahau' (closest: Chihuahua" in text
    assert "28 points, 0 outside both countries" in text


def test_the_atlas_shows_in_a_notebook_with_no_network():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import geo.web\ngeo.web.atlas_map(layers_shown=['mx-homicides', 'border'], "
            "title='{{ 7*191 }} <b>x</b>')"
        )
    ]
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    (output,) = nb.cells[0].outputs
    shown = output["data"]["text/html"]
    assert shown.startswith("<iframe srcdoc=") and "L.geoJSON" in shown  # Leaflet is inlined
    page = html.unescape(shown)
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=\"https?:", page)  # no CDN
    assert "{{ 7*191 }}" in shown and "1337" not in shown.split("iraGeo")[0]
