"""examples/joins.ipynb runs from top to bottom, so it cannot rot."""

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
