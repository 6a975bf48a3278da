"""Render every map and brief, screenshot every page and list every picture in one folder.

For a reviewer: one command gives every picture the atlas makes, to look at side by side::

    .venv/bin/python tools/look.py [--out look/] [--lang en es] [--briefs Phoenix "El Paso"]

It renders every recipe of ``maps/`` (all its formats) and the chosen consul briefs in each
language, screenshots every HTML page in Debian's Chromium (headless, a fresh profile, every
http(s) request aborted, 1600x900) once as it opens and once with its "Data tables" and
"Sources" panels open, converts the first page of every PDF to PNG with ``pdftoppm`` (when
installed) and writes ``index.html`` listing every picture with its name and pixel size.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from geo.briefs import render_brief
from geo.recipes import find_recipes, load_recipe, render_recipe

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
VIEWPORT = {"width": 1600, "height": 900}
# The summaries of the panels to open, in both languages ("The national picture" stays shut).
PANELS = ("Data tables", "Sources", "Tablas de datos", "Fuentes")
BRIEFS = ("Phoenix", "El Paso", "Nogales", "Chicago")


def render_all(out: Path, langs: list[str], briefs: list[str]) -> list[Path]:
    """Render every recipe of ``maps/`` and every brief, in every language.

    Parameters
    ----------
    out : pathlib.Path
        Folder for every file.
    langs : list of str
        Languages ("en", "es").
    briefs : list of str
        Consular offices (names or cities, as ``ironriver brief`` takes them).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    written: list[Path] = []
    for path in find_recipes(ROOT / "maps"):
        recipe = load_recipe(path)
        for lang in langs:
            written += render_recipe(recipe, out, lang=lang)
    for name in briefs:
        for lang in langs:
            written += render_brief(name, out, lang=lang)
    return written


def _route(route) -> None:
    """Let local files through; abort everything else (http, https, ...)."""
    if route.request.url.startswith(("file:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def _open_panels(page) -> int:
    """Click the summary of every data-tables and sources panel; return how many opened."""
    opened = 0
    for summary in page.locator("summary").all():
        if summary.inner_text().strip() in PANELS:
            summary.click()
            opened += 1
    return opened


def screenshot_pages(pages: list[Path]) -> list[Path]:
    """Screenshot each HTML page as it opens (``NAME.screen.png``) and with panels open.

    Parameters
    ----------
    pages : list of pathlib.Path
        HTML files.

    Returns
    -------
    list of pathlib.Path
        The screenshots (``NAME.screen.png`` and ``NAME.panels.png`` beside each page).
    """
    from playwright.sync_api import sync_playwright  # only when there are pages to shoot

    shots: list[Path] = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True, viewport=VIEWPORT
        )
        context.route("**/*", _route)
        page = context.new_page()
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_selector(".leaflet-container")
            page.wait_for_timeout(400)  # let Leaflet settle its view
            shots.append(path.with_name(f"{path.stem}.screen.png"))
            page.screenshot(path=shots[-1])
            if not _open_panels(page):
                print(f"{path.name}: no data-tables or sources panel to open")
            shots.append(path.with_name(f"{path.stem}.panels.png"))
            page.screenshot(path=shots[-1])
        context.close()
    return shots


def pdf_first_pages(pdfs: list[Path]) -> list[Path]:
    """Convert each PDF's first page to ``NAME.pdf.png`` at 60 dpi with ``pdftoppm``.

    Returns
    -------
    list of pathlib.Path
        The PNGs written; none (with a message) when ``pdftoppm`` is not installed.
    """
    if pdfs and shutil.which("pdftoppm") is None:
        print("pdftoppm not installed (apt-get install poppler-utils): PDFs not converted")
        return []
    pngs = []
    for pdf in pdfs:
        cmd = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([*cmd, str(pdf), str(pdf)], check=True)  # adds .png: NAME.pdf.png
        pngs.append(Path(f"{pdf}.png"))
    return pngs


def picture_size(path: Path) -> str:
    """Return a picture's size, "WIDTHxHEIGHT" (pixels for PNG, as written for SVG)."""
    if path.suffix == ".png":
        width, height = struct.unpack(">II", path.read_bytes()[16:24])  # the IHDR chunk
        return f"{width}x{height}"
    head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    found = re.search(r'<svg[^>]*\swidth="([^"]+)"[^>]*\sheight="([^"]+)"', head)
    return f"{found[1]}x{found[2]}" if found else "?"


def write_index(out: Path, pictures: list[Path]) -> Path:
    """Write ``index.html``: every picture, with its name and size, linked to the file.

    Returns
    -------
    pathlib.Path
        The index.
    """
    rows = []
    for path in sorted(pictures):
        name = html.escape(path.name)
        size = picture_size(path)
        rows.append(
            f"<figure><a href='{name}'><img src='{name}' loading='lazy'></a>"
            f"<figcaption>{name} <b>{size}</b></figcaption></figure>"
        )
    style = (
        "body{font:14px sans-serif;margin:12px}figure{display:inline-block;margin:6px;"
        "vertical-align:top}img{width:480px;border:1px solid #ccc}"
    )
    page = (
        f"<!doctype html><meta charset='utf-8'><title>Iron River Atlas: pictures</title>"
        f"<style>{style}</style><h1>{len(pictures)} pictures</h1>\n" + "\n".join(rows)
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    """Render, screenshot, convert and index; print every file written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("look"), help="folder (look/)")
    parser.add_argument("--lang", nargs="+", default=["en", "es"], choices=["en", "es"])
    parser.add_argument("--briefs", nargs="*", default=list(BRIEFS), help="consular offices")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written = render_all(args.out, args.lang, args.briefs)
    pages = [p for p in written if p.suffix == ".html"]
    if Path(CHROMIUM).exists():
        written += screenshot_pages(pages)
    else:
        print(f"{CHROMIUM} not installed (apt-get install chromium): no screenshots")
    written += pdf_first_pages([p for p in written if p.suffix == ".pdf"])
    pictures = [p for p in written if p.suffix in (".png", ".svg")]
    written.append(write_index(args.out, pictures))
    for path in written:
        size = f"  {picture_size(path)}" if path in pictures else ""
        print(f"{path}{size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
