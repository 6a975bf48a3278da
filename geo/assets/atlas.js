function iraFeatures(key, line) {
  return iraGeo[key].map(function (g, i) {
    return {type: "Feature", properties: {i: i}, geometry: iraDecode(g, line)};
  });
}
function iraControl(map, position, cls, html) {
  var c = L.control({position: position});
  c.html = html;
  c.onAdd = function () {
    var d = L.DomUtil.create("div", "ira-box " + cls);
    d.innerHTML = c.html;
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.disableScrollPropagation(d);
    return d;
  };
  return c;
}
function iraLegend(map, layer, html) {  // a legend that folds to its title, open where it fits
  var c = L.control({position: "bottomright"});
  c.html = html;
  c.onAdd = function () {
    var d = L.DomUtil.create("div", "ira-box ira-legend");
    var fold = L.DomUtil.create("details", "", d);
    var head = L.DomUtil.create("summary", "", fold), body = L.DomUtil.create("div", "", fold);
    fold.open = c.open !== false;
    c.fill = function (markup) {  // the legend's own (escaped) markup; its title in the summary
      body.innerHTML = markup;
      var title = body.querySelector("b");
      head.textContent = "";
      if (title) { head.appendChild(title); }
    };
    c.fill(c.html);
    c.fold = fold;
    L.DomEvent.on(head, "click", function () { c.chosen = true; });  // the reader's choice
    L.DomEvent.on(fold, "toggle", function () { c.open = fold.open; });
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.disableScrollPropagation(d);
    return d;
  };
  (map.iraLegends = map.iraLegends || []).push(c);
  layer.on("add", function () { c.addTo(map); iraFitLater(map); });
  layer.on("remove", function () { c.remove(); iraFitLater(map); });
  return c;
}
function iraFitLater(map) {
  clearTimeout(map.iraFitting);
  map.iraFitting = setTimeout(function () { iraFitLegends(map); }, 0);
}
function iraFitLegends(map) {  // the legends' corner below the layer list; open those that fit
  var box = map.getContainer(), corner = box.querySelector(".leaflet-bottom.leaflet-right");
  var top = box.querySelector(".leaflet-top.leaflet-right");
  if (!corner) { return; }
  var room = box.clientHeight - (top ? top.offsetHeight : 0) - 20;
  corner.style.maxHeight = Math.max(room, 80) + "px";
  var free = (map.iraLegends || []).filter(function (c) {  // shown, not folded by the reader
    return c.fold && c.getContainer().parentNode && !c.chosen;
  });
  var used = corner.scrollHeight;
  free.forEach(function (c) { used -= c.getContainer().offsetHeight + 10; c.fold.open = true; });
  var tall = free.map(function (c) { return c.getContainer().offsetHeight + 10; });
  free.forEach(function (c) { c.fold.open = false; });
  var short = free.map(function (c) { return c.getContainer().offsetHeight + 10; });
  used += short.reduce(function (a, b) { return a + b; }, 0);
  var full = false;
  free.forEach(function (c, i) {  // from the top: open while they fit, then all folded
    full = full || used - short[i] + tall[i] > room;
    c.fold.open = c.open = !full;
    if (!full) { used += tall[i] - short[i]; }
  });
}
function iraYear(map, layer, s, apply) {
  var c = L.control({position: "topleft"});
  c.onAdd = function () {
    var d = L.DomUtil.create("div", "ira-box ira-year");
    var label = L.DomUtil.create("label", "", d);
    label.textContent = s.label + " ";
    var input = L.DomUtil.create("input", "", label);
    input.type = "range";
    input.min = 0;
    input.max = s.years.length - 1;
    input.step = 1;
    input.value = s.years.indexOf(s.start);
    var out = L.DomUtil.create("output", "ira-year-value", d);
    out.textContent = s.start;
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.on(input, "input", function () {
      var y = s.years[+input.value];
      out.textContent = y;
      apply(y);
    });
    return d;
  };
  layer.on("add", function () { c.addTo(map); });
  layer.on("remove", function () { c.remove(); });
}
function iraRelegend(legend, html) {
  legend.html = html;
  if (legend.getContainer()) { legend.fill(html); }
}
function iraSeries(map, layer, style, legend, o) {
  var s = o.series;
  iraYear(map, layer, s, function (y) {
    o.fill = s.fill[y];
    o.nodata = s.nodata[y];
    o.tip = s.tip[y];
    layer.setStyle(style);
    layer.eachLayer(function (l) { l.setTooltipContent(o.tip[l.feature.properties.i]); });
    iraRelegend(legend, s.legend[y]);
  });
}
function iraHatch(map) {  // "no data" is hatched as in the legend (and the static maps)
  var svg = map.getPanes().overlayPane.querySelector("svg"), ns = "http://www.w3.org/2000/svg";
  if (!svg || svg.querySelector("#ira-hatch")) { return; }
  var defs = document.createElementNS(ns, "defs"), p = document.createElementNS(ns, "pattern");
  var attrs = {id: "ira-hatch", width: 5, height: 5, patternUnits: "userSpaceOnUse",
               patternTransform: "rotate(45)"};
  Object.keys(attrs).forEach(function (k) { p.setAttribute(k, attrs[k]); });
  [["#ffffff", 5], ["#d9d9d9", 3]].forEach(function (band) {
    var r = document.createElementNS(ns, "rect");
    r.setAttribute("width", band[1]); r.setAttribute("height", 5); r.setAttribute("fill", band[0]);
    p.appendChild(r);
  });
  defs.appendChild(p);
  svg.insertBefore(defs, svg.firstChild);
}
function iraPolygons(map, o) {
  var style = function (f) {
    var i = f.properties.i;
    return {fillColor: o.nodata[i] ? "url(#ira-hatch)" : o.fill[i], fillOpacity: 0.9,
            color: "#ffffff", weight: 0.8, dashArray: o.nodata[i] ? "4 3" : null};
  };
  var layer = L.geoJSON(iraFeatures(o.geo, false), {
    style: style,
    onEachFeature: function (f, l) {
      l.bindTooltip(o.tip[f.properties.i], {sticky: true});
      l.on("mouseover", function () { l.setStyle({weight: 2.2, color: "#222222"}); });
      l.on("mouseout", function () { layer.resetStyle(l); });
    }
  });
  layer.on("add", function () { iraHatch(map); });
  var legend = iraLegend(map, layer, o.legend);
  if (o.series) { iraSeries(map, layer, style, legend, o); }
  return layer;
}
function iraContext(map) {
  return L.geoJSON(iraFeatures("us", false).concat(iraFeatures("mx", false)), {
    style: {fillColor: "#f6f6f4", fillOpacity: 1, color: "#bbbbbb", weight: 0.6},
    interactive: false
  }).addTo(map);
}
function iraLines(map, o) {
  return L.geoJSON(iraFeatures(o.geo, true), {
    style: {color: o.color, weight: o.weight, dashArray: o.dash}, interactive: false
  });
}
function iraBands(map, o) {
  // An outline has a halo: a wider light line under it, to read on dark and light fills.
  var halo = o.halo && L.geoJSON(iraFeatures(o.geo, false), {style: o.halo, interactive: false});
  var layer = L.geoJSON(iraFeatures(o.geo, false), {
    style: function (f) {
      // Outlines only: a fill, even a faint one, stacks over the bands and tints the
      // choropleth under them (Chihuahua read brown, not the legend's orange).
      return o.look || {color: "#5a5a5a", weight: 1, dashArray: "2 4", fillColor: "#5a5a5a",
                        fillOpacity: 0};
    },
    onEachFeature: function (f, l) { l.bindTooltip(o.tip[f.properties.i], {sticky: true}); }
  });
  if (halo) { layer = L.featureGroup([halo, layer]); }
  iraLegend(map, layer, o.legend);
  return layer;
}
function iraLook(look, none) {  // no figure for the year: grey, dashed
  return {color: none ? "#777777" : look.color, fillColor: none ? "#d9d9d9" : look.fillColor,
          dashArray: none ? "3 2" : null};
}
function iraPoints(map, o) {
  var group = L.featureGroup(), markers = [];
  var look = o.look || {color: "#1a1a1a", fillColor: "#ffffff"};
  o.pts.forEach(function (p, i) {
    var m = L.circleMarker(p, L.extend({radius: o.r[i], weight: 2, fillOpacity: 0.95},
                                       iraLook(look, o.nd && o.nd[i])))
      .bindTooltip(o.tip[i]).bindPopup(o.popup[i], {maxWidth: 320}).addTo(group);
    markers.push(m);
    iraPlacer(map).marks.push({layer: group, m: m});
    iraPlacer(map).add({rank: 2, ll: L.latLng(p), min: 8, layer: group, cls: "ira-mark", own: m,
                        texts: [o.label[i]], spots: iraBeside});
  });
  var legend = iraLegend(map, group, o.legend), s = o.series;
  if (s) {
    iraYear(map, group, s, function (y) {
      markers.forEach(function (m, i) {
        m.setRadius(s.r[y][i]);
        m.setStyle(iraLook(look, s.nd[y][i]));
        m.setPopupContent(s.popup[y][i]);
      });
      iraRelegend(legend, s.legend[y]);
      iraPlacer(map).schedule();
    });
  }
  return group;
}
function iraFlows(map, o) {
  var group = L.featureGroup();
  o.lines.forEach(function (line, i) {
    L.polyline(line, {color: "#6a3d9a", weight: o.w[i], opacity: 0.85})
      .bindTooltip(o.tip[i], {sticky: true}).addTo(group);
    L.polygon(o.heads[i], {color: "#6a3d9a", weight: 1, fillColor: "#6a3d9a", fillOpacity: 0.9,
                           interactive: false}).addTo(group);
  });
  iraLegend(map, group, o.legend);
  return group;
}
function iraJumps(map, o) {  // buttons to the states the main view leaves out, and back
  // Above the panels (bottom left), over the Pacific: not over Washington and Oregon.
  var c = L.control({position: "bottomleft"});
  c.onAdd = function () {
    var d = L.DomUtil.create("div", "ira-box ira-jumps");
    o.places.concat([[o.back, o.home]]).forEach(function (p) {
      var b = L.DomUtil.create("button", "", d);
      b.type = "button";
      b.textContent = p[0];
      L.DomEvent.on(b, "click", function (e) {
        L.DomEvent.stop(e);
        // Clear of the title and buttons (top left) and of the legends (right), as at first.
        map.fitBounds(p[1], {paddingTopLeft: [0, 200], paddingBottomRight: [300, 0],
                             animate: false});  // a jump: the same view every time
      });
    });
    L.DomEvent.disableClickPropagation(d);
    return d;
  };
  return c.addTo(map);
}
function iraText(el, line) {  // a label's parts ([[style, text], ...]) as text, never markup
  line.forEach(function (part) {
    var node = part[0] === "b" || part[0] === "i" ? L.DomUtil.create(part[0], "", el) : el;
    node.appendChild(document.createTextNode(part[1]));
  });
}
function iraHits(b, boxes) {
  return boxes.some(function (c) {
    return b[0] < c[2] && c[0] < b[2] && b[1] < c[3] && c[1] < b[3];
  });
}
function iraObstacles(map) {  // every control on the map (title, legends, panels...) as a box
  var box = map.getContainer(), at = box.getBoundingClientRect(), found = [];
  box.querySelectorAll(".leaflet-control").forEach(function (el) {
    var r = el.getBoundingClientRect(), k = el.parentNode.getBoundingClientRect();
    var b = [Math.max(r.left, k.left) - at.left - 4, Math.max(r.top, k.top) - at.top - 4,
             Math.min(r.right, k.right) - at.left + 4, Math.min(r.bottom, k.bottom) - at.top + 4];
    if (r.width > 0 && b[2] > b[0] && b[3] > b[1]) { found.push(b); }  // clipped to its corner
  });
  return found;
}
function iraCover(b, circles) {  // how much of a box circles cover (their boxes); a centre: all
  var a = 0;
  for (var i = 0; i < circles.length; i++) {
    var c = circles[i];
    if (b[0] <= c.x && c.x <= b[2] && b[1] <= c.y && c.y <= b[3]) { return Infinity; }
    a += Math.max(0, Math.min(b[2], c[2]) - Math.max(b[0], c[0])) *
         Math.max(0, Math.min(b[3], c[3]) - Math.max(b[1], c[1]));
  }
  return a;
}
function iraSpot(it, p, zoom, size, taken, marks) {  // the best free spot for a label, or null
  if (p.x < -400 || p.y < -100 || p.x > size.x + 400 || p.y > size.y + 100) { return null; }
  // A circle drawn on the place (a port at a border city) is its symbol: the text goes
  // beside that circle, and no dot is drawn. Only a circle shown now (marks: the layers on
  // the map, as drawn at this view, with this year's radius) whose disc holds the place and
  // is centred on it: a neighbour's circle that only reaches the place is not its symbol.
  // The name goes beside the largest of them, just clear of them all: never beside a circle
  // drawn elsewhere.
  var own = [], near = [], circles = [];
  marks.forEach(function (c) {
    var d = Math.sqrt(Math.pow(c.x - p.x, 2) + Math.pow(c.y - p.y, 2));
    if (c.m === it.own || (d <= c.r && d <= Math.max(2, c.r / 2))) {
      own.push(c);
    } else {
      (d <= c.r ? near : circles).push(c);  // near: a neighbour's circle over the place
    }
  });
  var at = own.reduce(function (a, c) { return a && a.r >= c.r ? a : c; }, null);
  var o = at ? L.point(at.x, at.y) : p, reach = 0;
  own.forEach(function (c) {  // clear of all of them, 3 px off
    reach = Math.max(reach, Math.sqrt(Math.pow(c.x - o.x, 2) + Math.pow(c.y - o.y, 2)) + c.r + 3);
  });
  var dot = it.dot && !at ? [p.x - 4, p.y - 4, p.x + 4, p.y + 4] : null;
  if (dot && iraHits(dot, taken)) { return null; }
  // Clear of the other circles if it can be (a twin city's name first on its own side of the
  // line, over the circles there), else over the fewest of them; never on another circle's
  // centre (a name there reads as that circle's), never over another label.
  var side = at ? it.side : 0, others = circles.concat(near), best = null;
  for (var k = 0; k < it.els.length; k++) {
    var w = it.sizes[k][0], h = it.sizes[k][1];
    if (it.fits && !it.fits(k, w, h, zoom)) { continue; }
    var spots = it.spots(w, h, reach, side);
    for (var s = 0; s < spots.length; s++) {
      var x = Math.round(o.x + spots[s][0]), y = Math.round(o.y + spots[s][1]);
      var b = [x - 2, y - 1, x + w + 2, y + h + 1];
      var inside = x >= 0 && y >= 0 && x + w <= size.x && y + h <= size.y;
      if (!inside || iraHits(b, taken)) { continue; }
      var cost = side && !s ? (iraCover(b, circles) < Infinity ? 0 : Infinity)
        : iraHits(b, others) ? iraCover(b, others) : 0;
      if (!cost) { best = {k: k, x: x, y: y, b: b, cost: 0}; break; }
      if (cost < Infinity && (!best || cost < best.cost)) {
        best = {k: k, x: x, y: y, b: b, cost: cost};
      }
    }
    if (best && !best.cost) { break; }
  }
  if (!best) { return null; }
  taken.push(best.b);
  if (dot) { taken.push(dot); }
  return {k: best.k, x: best.x, y: best.y, dot: !!dot};
}
function iraBeside(w, h, reach, side) {  // right, left, above, below a point or its circle
  var d = Math.max(6, reach), v = Math.max(4, reach), e = Math.max(4, 0.71 * reach);
  var spots = [[d, -h / 2], [-d - w, -h / 2], [-w / 2, -h - v], [-w / 2, v]];
  // Then at its corners: north-east, north-west, south-east, south-west.
  var corners = [[e, -h - e], [-e - w, -h - e], [e, e], [-e - w, e]];
  // On a port's circle, a twin city's name goes first on its side of the line (1: north),
  // and at a corner, to its side's first.
  if (side) { spots.unshift(side > 0 ? spots[2] : spots[3]); }
  if (side < 0) { corners = corners.slice(2).concat(corners.slice(0, 2)); }
  return spots.concat(corners);
}
function iraPlacer(map) {  // labels in order of rank; one that would collide stays hidden
  if (map.iraPlacer) { return map.iraPlacer; }
  var pane = map.createPane("ira-labels"), items = [], pending = false, sorted = true;
  var P = map.iraPlacer = {pane: pane, items: items, marks: []};
  P.add = function (it) {
    it.n = items.length;
    it.els = it.texts.map(function (t) {
      var el = L.DomUtil.create("div", "ira-label " + it.cls, pane);
      if (typeof t === "string") { el.textContent = t; } else { iraText(el, t); }
      return el;
    });
    if (it.dot) { it.mark = L.DomUtil.create("div", "ira-dot", pane); }
    items.push(it);
    sorted = false;
    P.schedule();
  };
  P.schedule = function () {
    if (pending) { return; }
    pending = true;
    setTimeout(function () { pending = false; map.whenReady(P.layout); }, 0);  // once a view is set
  };
  P.layout = function () {
    if (!sorted) { items.sort(function (a, b) { return a.rank - b.rank || a.n - b.n; }); }
    sorted = true;
    pane.style.display = "";  // shown again (hidden while a zoom went on), to be measured
    items.forEach(function (it) {  // measured once, all together (again if not yet drawn)
      if (!it.sizes || !it.sizes[0][1]) {
        it.sizes = it.els.map(function (el) { return [el.offsetWidth, el.offsetHeight]; });
      }
    });
    var zoom = map.getZoom(), size = map.getSize(), taken = iraObstacles(map);
    var marks = P.marks.filter(function (c) {  // the circles shown now, where and as big as drawn
      return map.hasLayer(c.layer) && map.hasLayer(c.m);
    }).map(function (c) {
      var q = map.latLngToContainerPoint(c.m.getLatLng()), r = c.m.getRadius() + 1;
      return {m: c.m, x: q.x, y: q.y, r: r, 0: q.x - r, 1: q.y - r, 2: q.x + r, 3: q.y + r};
    });
    items.forEach(function (it) {
      var on = zoom >= it.min && zoom < (it.max || 99) && (!it.layer || map.hasLayer(it.layer));
      var p = on ? map.latLngToContainerPoint(it.ll) : null;
      var at = on ? iraSpot(it, p, zoom, size, taken, marks) : null;
      it.els.forEach(function (el, k) {  // one of its texts shown (name or abbreviation), or none
        var here = at && at.k === k;
        el.style.visibility = here ? "visible" : "hidden";
        if (here) { L.DomUtil.setPosition(el, map.containerPointToLayerPoint([at.x, at.y])); }
      });
      if (it.mark) {
        it.mark.style.visibility = at && at.dot ? "visible" : "hidden";
        if (at && at.dot) { L.DomUtil.setPosition(it.mark, map.latLngToLayerPoint(it.ll)); }
      }
    });
    pane.setAttribute("data-zoom", zoom);
  };
  // From a zoom's start until they are placed for the new view, the labels are not shown:
  // never at the places they had at the old zoom.
  map.on("zoomstart", function () { pane.style.display = "none"; });
  map.on("zoomend moveend resize overlayadd overlayremove baselayerchange", P.schedule);
  map.getContainer().addEventListener("toggle", P.schedule, true);  // a panel opened or shut
  return P;
}
function iraLabels(map, o) {  // states and cities: the largest cities, states, marks, the rest
  var P = iraPlacer(map);
  o.cities.forEach(function (c) {
    P.add({rank: c[3] <= 4 ? 0 : 3, ll: L.latLng(c[1], c[2]), min: c[3], dot: true,
           cls: c[3] <= 4 ? "ira-city ira-big" : "ira-city", texts: [c[0]], spots: iraBeside,
           side: c[4] ? 1 : -1});
  });
  o.states.forEach(function (s) {  // the name where it fits, else the abbreviation
    P.add({rank: 1, ll: L.latLng(s[2], s[3]), min: 3, max: 9, cls: "ira-state",
           texts: [s[0], s[1]],
           fits: function (k, w, h, zoom) {
             var f = Math.pow(2, zoom);
             return k === 0 ? w <= 0.9 * s[4] * f && h <= s[5] * f : w <= 1.5 * s[4] * f;
           },
           spots: function (w, h) { return [[-w / 2, -h / 2]]; }});
  });
  map.whenReady(function () { iraFitLater(map); P.schedule(); });
  window.addEventListener("resize", function () { iraFitLater(map); });
  return P;
}
