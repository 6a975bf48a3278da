"""The atlas in a real headless Chromium (Debian's /usr/bin/chromium), with the network cut.

Checks: no request leaves file://, no JavaScript error, every layer listed and togglable (also
from the keyboard), legends follow their layers, a tooltip appears on hover, the data tables
open, and hostile text shows as text without running.
"""

import math
import os

import pytest

import geo
from geo import web

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HOSTILE = "<script>alert('x')</script> \"quoted\" `tick` & <img src=x onerror=alert(1)>"

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


class Page:
    """A Chromium page on a file, recording requests, errors and dialogs."""

    def __init__(self, playwright, tmp_path, path, viewport=(1600, 900)):
        self.context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=FLAGS,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        self.requests, self.errors, self.dialogs = [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_selector(".leaflet-control-layers")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()


@pytest.fixture(scope="module")
def playwright():
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture
def atlas(playwright, tmp_path):
    ports = geo.port_layer()
    ports.loc[0, "port_name"] = HOSTILE
    path = tmp_path / "atlas.html"
    web.write_html(web.atlas_map(title=HOSTILE, data={"ports": ports}), path, self_contained=True)
    page = Page(playwright, tmp_path, path)
    yield page
    page.context.close()


def layer_labels(page):
    return page.locator(".leaflet-control-layers label").all_inner_texts()


def test_offline_and_error_free(atlas):
    assert atlas.requests == [] and atlas.errors == [] and atlas.dialogs == []
    assert atlas.page.locator(".leaflet-overlay-pane path").count() > 83


def test_every_layer_listed_and_togglable(atlas):
    page = atlas.page
    labels = [label.strip() for label in layer_labels(page)]
    assert labels == [
        "US gun-law strength",
        "US gun dealers per 100,000 residents",
        "Mexico: homicides per 100,000 inhabitants",
        "US-Mexico border",
        "Land ports of entry",
    ]
    paths = page.locator(".leaflet-overlay-pane path")
    before = paths.count()
    page.get_by_label("Mexico: homicides per 100,000 inhabitants").uncheck()
    expect(paths).to_have_count(before - 32)
    expect(page.locator(".ira-legend b", has_text="Mexico")).to_have_count(0)
    page.get_by_label("Mexico: homicides per 100,000 inhabitants").check()
    expect(page.locator(".ira-legend b", has_text="Mexico: homicides")).to_have_count(1)
    markers = page.locator("path.leaflet-interactive")
    before = markers.count()
    page.get_by_label("Land ports of entry").uncheck()
    expect(markers).to_have_count(before - 28)


def test_us_layers_are_alternatives_with_their_legends(atlas):
    page = atlas.page
    expect(page.locator(".ira-legend b", has_text="gun-law strength")).to_have_count(1)
    page.get_by_label("US gun dealers per 100,000 residents").check()
    expect(page.locator(".ira-legend b", has_text="dealers per 100,000")).to_have_count(1)
    expect(page.locator(".ira-legend b", has_text="gun-law strength")).to_have_count(0)


def test_keyboard_toggles_a_layer(atlas):
    page = atlas.page
    box = page.get_by_label("US-Mexico border")
    box.focus()
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()


def test_tooltip_on_hover(atlas):
    page = atlas.page
    # Find Chihuahua City's pixel through Leaflet itself, then hover there.
    locate = """() => {
        const map = window[Object.keys(window).find((k) => k.startsWith("map_"))];
        const p = map.latLngToContainerPoint([28.6, -106.1]);
        return [p.x, p.y];
    }"""
    point, previous = page.evaluate(locate), None
    while point != previous:  # wait until Leaflet has settled its view
        page.wait_for_timeout(200)
        previous, point = point, page.evaluate(locate)
    page.mouse.move(point[0] - 40, point[1] - 40)
    page.mouse.move(point[0], point[1], steps=8)
    tooltip = page.locator(".leaflet-tooltip:not(.ira-label)")
    expect(tooltip).to_contain_text("Chihuahua", timeout=5_000)
    expect(tooltip).to_contain_text("per 100,000")


def test_hostile_text_shows_as_text(atlas):
    page = atlas.page
    assert page.locator(".ira-title h1").inner_text() == HOSTILE
    page.locator(".ira-panel summary", has_text="Data tables").click()
    assert page.locator("td", has_text="onerror=alert(1)").count() == 1
    assert page.locator("img").count() == 0 and atlas.dialogs == []


def test_sources_panel_cites_every_dataset(atlas):
    page = atlas.page
    page.locator(".ira-panel summary", has_text="Sources").click()
    text = page.locator(".ira-panel ul").inner_text()
    for source in (
        "Giffords Law Center",
        "Los Angeles Times",
        "SESNSP",
        "Border Crossing Entry",
        "U.S. Census Bureau, cartographic boundary",
        "INEGI",
    ):
        assert source in text


def test_year_control_changes_colours_and_label(playwright, tmp_path):
    path = tmp_path / "years.html"
    web.write_html(web.atlas_map(years=range(2015, 2025)), path, self_contained=True)
    atlas = Page(playwright, tmp_path, path)
    try:
        page = atlas.page
        control = page.locator(".ira-year", has_text="Homicides in Mexico")
        expect(control.locator("output")).to_have_text("2024")
        # "no data" is hatched, as in the legend and the static maps
        grey = page.locator('.leaflet-overlay-pane path[fill="url(#ira-hatch)"]')
        before = grey.count()
        expect(page.locator(".leaflet-overlay-pane svg pattern#ira-hatch")).to_have_count(1)
        fills = page.eval_on_selector_all(
            ".leaflet-overlay-pane path", "ps => ps.map(p => p.getAttribute('fill'))"
        )
        control.locator("input").fill("0")  # the first year, 2015
        expect(control.locator("output")).to_have_text("2015")
        expect(grey).to_have_count(before + 1)  # Oaxaca 2015: no data
        after = page.eval_on_selector_all(
            ".leaflet-overlay-pane path", "ps => ps.map(p => p.getAttribute('fill'))"
        )
        assert after != fills
        expect(page.locator(".ira-legend b", has_text="2015")).to_have_count(1)
        assert atlas.errors == [] and atlas.requests == []
    finally:
        atlas.context.close()


def test_consulate_brief_opens_offline(playwright, tmp_path):
    from geo.briefs import render_brief

    html = render_brief("Presidio", tmp_path)[0]
    atlas = Page(playwright, tmp_path, html)
    try:
        page = atlas.page
        labels = [label.strip() for label in layer_labels(page)]
        # A border office's brief is the border-zone map: counties and municipios.
        assert "Mexican consulates" in labels and "US counties: gun dealers per 1,000 km²" in labels
        assert "Mexico: homicides per 100,000 by municipio" in labels
        expect(page.locator(".ira-title h1")).to_have_text("Consulate of Mexico in Presidio")
        assert atlas.errors == [] and atlas.requests == [] and atlas.dialogs == []
    finally:
        atlas.context.close()


def test_port_year_control_resizes_ports_on_one_scale(playwright, tmp_path):
    path = tmp_path / "crossings.html"
    m = web.atlas_map(layers_shown=("ports", "border"), years=(2004, 2023, 2024), lang="es")
    web.write_html(m, path, self_contained=True)
    atlas = Page(playwright, tmp_path, path)
    try:
        page = atlas.page
        control = page.locator(".ira-year", has_text="Cruces en los puertos")
        expect(control.locator("output")).to_have_text("2024")
        circles = ".leaflet-overlay-pane path.leaflet-interactive"
        radii = page.eval_on_selector_all(circles, "ps => ps.map(p => p.getAttribute('d'))")
        legend = page.locator(".ira-legend", has_text="Puertos fronterizos")
        expect(legend).to_contain_text("10 000 000")
        expect(legend).not_to_contain_text("Sin cifra")  # 28 of 28 ports in 2024
        control.locator("input").fill("1")  # 2023: Boquillas has 9 months
        expect(control.locator("output")).to_have_text("2023")
        expect(legend).to_contain_text("Sin cifra para el año")
        expect(legend).to_contain_text("10 000 000")  # the same scale
        assert page.locator(f'{circles}[fill="#d9d9d9"]').count() == 1
        after = page.eval_on_selector_all(circles, "ps => ps.map(p => p.getAttribute('d'))")
        assert after != radii
        assert atlas.errors == [] and atlas.requests == []
    finally:
        atlas.context.close()


def test_border_zone_draws_counties_and_municipios_offline(playwright, tmp_path):
    from geo.recipes import find_recipe, load_recipe, render_recipe

    html = render_recipe(load_recipe(find_recipe("border-zone")), tmp_path, formats=["html"])[0]
    atlas = Page(playwright, tmp_path, html)
    try:
        page = atlas.page
        labels = [label.strip() for label in layer_labels(page)]
        assert "US counties: gun dealers per 1,000 km²" in labels
        assert "Mexico: homicides per 100,000 by municipio" in labels
        scene = geo.scene.build_scene(geo.recipes.map_spec(load_recipe(find_recipe("border-zone"))))
        places = sum(
            len(scene.layers[name].gdf) for name in ("us-county-dealers", "mx-municipal-homicides")
        )
        # One path per county and municipio (and the context states), at most one per place.
        drawn = page.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
        assert places <= drawn < places + 200
        page.locator(".leaflet-control-layers label", has_text="US counties").locator(
            "input"
        ).uncheck()
        assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() < drawn
        assert atlas.errors == [] and atlas.requests == [] and atlas.dialogs == []
    finally:
        atlas.context.close()


def test_national_picture_opens_from_the_keyboard(atlas):
    page = atlas.page
    panel = page.locator(".ira-context")
    expect(panel).not_to_have_attribute("open", "")  # collapsed until asked for
    # Reachable with Tab: press it until the panel's summary has the focus.
    for _ in range(500):  # past the focusable features of the map
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.ira-context') !== null"):
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    expect(panel.locator("dt").first).to_have_text("Crime guns traced to a US source")
    expect(panel).to_contain_text("70% (73,684 of 104,850)")
    assert atlas.errors == []


def test_open_panels_stay_on_screen(atlas):
    page = atlas.page
    for summary in page.locator(".leaflet-bottom.leaflet-left summary").all():
        summary.click()
    # Three open panels (national picture, sources, data tables) scroll inside their corner:
    # the first summary stays on screen, under the title and the zoom buttons.
    corner = page.locator(".leaflet-bottom.leaflet-left")
    box = corner.bounding_box()
    assert box is not None and box["y"] >= 100
    # Each panel's header can be brought back into view inside the page (not off the top).
    for summary in page.locator(".leaflet-bottom.leaflet-left summary").all():
        summary.scroll_into_view_if_needed()
        head = summary.bounding_box()
        assert head is not None and box["y"] - 1 <= head["y"] and head["y"] + 10 < 900
    assert page.evaluate(
        "(() => { const c = document.querySelector('.leaflet-bottom.leaflet-left');"
        " return c.scrollHeight > c.clientHeight; })()"
    )


def test_alaska_hawaii_and_puerto_rico_can_be_reached(atlas):
    page = atlas.page
    buttons = page.locator(".ira-jumps button")
    expect(buttons).to_have_text(["Alaska", "Hawaii", "Puerto Rico", "Back to the map"])
    # Bottom left, above the panels: over the Pacific, not over Washington and Oregon.
    box, panels = page.locator(".ira-jumps").bounding_box(), page.locator(".ira-panel").first
    assert box["y"] > page.viewport_size["height"] / 2
    assert box["y"] + box["height"] <= panels.bounding_box()["y"] + 1

    def settled(condition):
        # The zoom animates: wait (on a busy machine too) until the map shows what it should.
        page.wait_for_function(condition, timeout=15_000)

    # The page's own first fit to the view ends first (slowly on a busy machine).
    here = "[map_0001.getZoom(), map_0001.getCenter().lat, map_0001.getCenter().lng]"
    for _ in range(40):
        before = page.evaluate(here)
        page.wait_for_timeout(300)
        if page.evaluate(here) == before:
            break
    start = page.evaluate("map_0001.getZoom()")
    start_lng = page.evaluate("map_0001.getCenter().lng")
    # Native buttons: reached with Tab, pressed with Enter or Space.
    assert (
        page.eval_on_selector_all(".ira-jumps button", "bs => bs.map(b => b.type)")
        == ["button"] * 4
    )
    buttons.nth(0).click()
    # Fairbanks and Juneau in view, centred on Alaska (west of the whole-US view).
    settled(
        "map_0001.getBounds().contains([64.8, -147.7]) && "
        "map_0001.getBounds().contains([58.3, -134.4]) && "
        f"map_0001.getCenter().lng < {start_lng - 15}"
    )
    buttons.nth(2).click()
    settled("map_0001.getBounds().contains([18.47, -66.1]) && map_0001.getZoom() >= 7")
    buttons.nth(3).click()  # back: the first view, El Paso in it
    settled(f"map_0001.getZoom() == {start} && map_0001.getBounds().contains([31.7, -106.4])")
    assert atlas.errors == []


# --- labels and legends ----------------------------------------------------------------------

# Every shown label and every control (clipped to its corner, as legends scroll in theirs),
# as [text, left, top, right, bottom] in page pixels.
BOXES = """() => {
    const rect = (el) => el.getBoundingClientRect();
    const labels = [...document.querySelectorAll(".ira-label")]
        .filter((el) => getComputedStyle(el).visibility === "visible")
        .map((el) => {
            const r = rect(el);
            return [el.textContent, r.left, r.top, r.right, r.bottom];
        });
    const controls = [...document.querySelectorAll(".leaflet-control")].map((el) => {
        const r = rect(el), k = rect(el.parentNode);
        return [el.className, Math.max(r.left, k.left), Math.max(r.top, k.top),
                Math.min(r.right, k.right), Math.min(r.bottom, k.bottom)];
    }).filter((b) => b[3] > b[1] && b[4] > b[2]);
    return {labels, controls};
}"""


def go_to(page, lat, lng, zoom):
    """Set the view without animation and wait until the labels are placed for it."""
    for _ in range(100):  # Leaflet ignores a new view while its first fit still animates
        done = page.evaluate(
            """([lat, lng, zoom]) => {
                const map = window[Object.keys(window).find((k) => k.startsWith("map_"))];
                map.getPane("ira-labels").removeAttribute("data-zoom");
                map.setView([lat, lng], zoom, {animate: false});
                return map.getZoom() === zoom;
            }""",
            [lat, lng, zoom],
        )
        if done:
            break
        page.wait_for_timeout(100)
    page.wait_for_function(
        "(z) => document.querySelector('.leaflet-ira-labels-pane').dataset.zoom === String(z)",
        arg=zoom,
        polling=100,
    )
    return page.evaluate(BOXES)


def overlaps(a, b):
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


@pytest.fixture
def border(playwright, tmp_path):
    from geo.recipes import find_recipe, load_recipe, render_recipe

    html = render_recipe(load_recipe(find_recipe("border")), tmp_path, formats=["html"])[0]
    page = Page(playwright, tmp_path, html)
    yield page
    page.context.close()


def test_labels_never_collide_with_each_other_or_the_controls(border):
    page = border.page
    for lat, lng, zoom in ((29.6, -107.2, 5), (30.5, -106.0, 7), (31.72, -106.44, 10)):
        boxes = go_to(page, lat, lng, zoom)
        labels, controls = boxes["labels"], boxes["controls"]
        assert len(labels) >= (25 if zoom == 5 else 4), (zoom, labels)
        for i, label in enumerate(labels):
            assert 0 <= label[1] and label[3] <= 1600 and 0 <= label[2] and label[4] <= 900
            for other in labels[i + 1 :]:
                assert not overlaps(label, other), (zoom, label, other)
            for control in controls:
                assert not overlaps(label, control), (zoom, label, control)
    assert border.errors == [] and border.requests == []


def test_states_and_cities_are_named_by_zoom(border):
    page = border.page
    names = {label[0] for label in go_to(page, 29.6, -107.2, 5)["labels"]}
    for name in ("Chihuahua", "Sonora", "Texas", "New Mexico", "Tijuana", "Ciudad Juárez"):
        assert name in names, name
    assert "Ysleta" not in " ".join(names)  # ports are named from zoom 8
    names = {label[0] for label in go_to(page, 31.72, -106.44, 10)["labels"]}
    assert {"El Paso", "Ciudad Juárez"} <= names
    assert "Texas" not in names  # a state's name is for the wider views
    # Labels never take a click: the polygon under a label still shows its tooltip.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.ira-label')).pointerEvents")
        == "none"
    )


def test_hostile_place_names_show_as_text(playwright, tmp_path):
    scene = geo.scene.build_scene(geo.scene.MapSpec(view="border"))
    places = scene.places
    places.loc[places["name"] == "El Paso", "name"] = HOSTILE
    path = tmp_path / "hostile.html"
    web.write_html(web.draw_atlas(scene), path, self_contained=True)
    atlas = Page(playwright, tmp_path, path)
    try:
        names = [label[0] for label in go_to(atlas.page, 31.72, -106.44, 10)["labels"]]
        assert HOSTILE in names
        assert atlas.page.locator("img").count() == 0 and atlas.dialogs == []
        assert atlas.errors == [] and atlas.requests == []
    finally:
        atlas.context.close()


# Every circle marker drawn now ([x, y, radius]), every shown city label ([name, left, top,
# right, bottom]) and city dot ([x, y]), and the screen point of each city ([name, x, y]), in
# the map's pixels.
CITIES = """(cities) => {
    const map = window[Object.keys(window).find((k) => k.startsWith("map_"))];
    const at = map.getContainer().getBoundingClientRect();
    const shown = (el) => getComputedStyle(el).visibility === "visible";
    const circles = [];
    map.eachLayer((layer) => {
        if (layer instanceof L.CircleMarker) {
            const q = map.latLngToContainerPoint(layer.getLatLng());
            circles.push([q.x, q.y, layer.getRadius()]);
        }
    });
    const labels = [...document.querySelectorAll(".ira-city")].filter(shown).map((el) => {
        const r = el.getBoundingClientRect();
        return [el.textContent, r.left - at.left, r.top - at.top, r.right - at.left,
                r.bottom - at.top];
    });
    const dots = [...document.querySelectorAll(".ira-dot")].filter(shown).map((el) => {
        const r = el.getBoundingClientRect();
        return [(r.left + r.right) / 2 - at.left, (r.top + r.bottom) / 2 - at.top];
    });
    const points = cities.map((c) => {
        const q = map.latLngToContainerPoint([c[1], c[2]]);
        return [c[0], q.x, q.y];
    });
    return {circles, labels, dots, points};
}"""


def gap(box, x, y):
    """Distance in pixels from a label's box ([left, top, right, bottom]) to a point."""
    return math.hypot(max(box[0] - x, 0, x - box[2]), max(box[1] - y, 0, y - box[3]))


def check_city_labels(page, cities, where):
    """Each city's name by its own point or beside the circle drawn on it, never elsewhere."""
    found = page.evaluate(CITIES, cities)
    circles, dots = found["circles"], found["dots"]
    for name, *box in found["labels"]:
        reasons = []
        for _, x, y in (p for p in found["points"] if p[0] == name):  # twins: Nogales, Nogales
            holding = [c for c in circles if math.hypot(x - c[0], y - c[1]) <= c[2] + 1]
            # By its point, or touching a circle that holds the point (its symbol).
            near = gap(box, x, y) <= 25 or any(gap(box, cx, cy) <= r + 6 for cx, cy, r in holding)
            # Not printed on another place's circle: on none's centre.
            elsewhere = [c for c in circles if c not in holding and gap(box, c[0], c[1]) == 0]
            # No circle on the place: the city's own dot marks it.
            dot = bool(holding) or any(math.hypot(dx - x, dy - y) <= 2 for dx, dy in dots)
            if near and not elsewhere and dot:
                break
            reasons.append(((round(x), round(y)), near, elsewhere, dot))
        else:
            raise AssertionError((where, name, [round(v) for v in box], reasons))
    return [label[0] for label in found["labels"]]


@pytest.mark.parametrize(
    ("recipe", "lang"),
    [("atlas", "en"), ("homicides-over-time", "en"), ("homicides-over-time", "es")],
)
def test_city_labels_stay_by_their_cities(playwright, tmp_path, recipe, lang):
    from geo.recipes import find_recipe, load_recipe, map_spec

    scene = geo.scene.build_scene(map_spec(load_recipe(find_recipe(recipe)), lang=lang))
    cities = web._labels(scene)["cities"]
    path = tmp_path / f"{recipe}.html"
    web.write_html(web.draw_atlas(scene), path, self_contained=True)
    atlas = Page(playwright, tmp_path, path)
    try:
        page = atlas.page
        # The page's own first fit (animated) ends, and the labels are placed for its view.
        here = """() => {
            const map = window[Object.keys(window).find((k) => k.startsWith("map_"))];
            const pane = map.getPane("ira-labels");
            return [map.getZoom(), pane.dataset.zoom, pane.style.display, map.getCenter().lat];
        }"""
        before = None
        for _ in range(60):
            now = page.evaluate(here)
            if now == before and now[1] and float(now[1]) == now[0] and now[2] != "none":
                break
            before = now
            page.wait_for_timeout(250)
        names = check_city_labels(page, cities, "opening view")
        assert len(names) >= 15 and "San Antonio" in names, names
        for lat, lng, zoom in ((30.0, -106.0, 6), (27.0, -100.0, 7), (32.3, -113.0, 7)):
            go_to(page, lat, lng, zoom)
            assert len(check_city_labels(page, cities, (lat, lng, zoom))) >= 10
        years = page.locator(".ira-year input")
        if years.count():  # another year: other radii, the labels placed again for them
            page.evaluate("document.querySelector('.leaflet-ira-labels-pane').dataset.zoom = ''")
            years.last.fill("0")
            page.wait_for_function(
                "document.querySelector('.leaflet-ira-labels-pane').dataset.zoom === '7'"
            )
            check_city_labels(page, cities, "first year")
        assert atlas.errors == [] and atlas.requests == []
    finally:
        atlas.context.close()


@pytest.mark.parametrize(
    ("office", "lang", "size"), [("Phoenix", "en", (1280, 720)), ("El Paso", "es", (1600, 900))]
)
def test_brief_legends_fit_the_window_and_fold_from_the_keyboard(
    playwright, tmp_path, office, lang, size
):
    from geo.briefs import render_brief

    html = render_brief(office, tmp_path, lang=lang)[0]
    atlas = Page(playwright, tmp_path, html, viewport=size)
    try:
        page = atlas.page
        page.wait_for_selector('.leaflet-bottom.leaflet-right[style*="max-height"]')  # fitted
        legends = page.locator(".ira-legend details")
        expect(legends.last).to_have_attribute("open", "")  # the top one (column-reverse)
        top = page.locator(".leaflet-control-layers").bounding_box()
        assert top is not None
        for legend in legends.all():  # every legend whole inside the window, under the list
            box = legend.bounding_box()
            assert box is not None and box["y"] + box["height"] <= size[1]
            assert box["y"] >= top["y"] + top["height"]
        closed = page.locator(".ira-legend details:not([open]) summary")
        assert closed.count() >= 1  # the brief's six legends do not all fit
        # Reachable with Tab; Enter opens a folded legend and closes it again.
        for _ in range(500):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('.ira-legend') !== null"):
                break
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        name = closed.first.inner_text()
        page.locator(".ira-legend summary", has_text=name).focus()
        fold = page.locator(".ira-legend details", has=page.locator("summary", has_text=name))
        page.keyboard.press("Enter")
        expect(fold).to_have_attribute("open", "")
        page.keyboard.press("Enter")
        expect(fold).not_to_have_attribute("open", "")
        assert atlas.errors == [] and atlas.requests == []
    finally:
        atlas.context.close()
