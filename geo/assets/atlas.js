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
function iraLegend(map, layer, html) {
  var c = iraControl(map, "bottomright", "ira-legend", html);
  layer.on("add", function () { c.addTo(map); });
  layer.on("remove", function () { c.remove(); });
  return c;
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
  if (legend.getContainer()) { legend.getContainer().innerHTML = html; }
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
function iraPolygons(map, o) {
  var style = function (f) {
    var i = f.properties.i;
    return {fillColor: o.fill[i], fillOpacity: o.nodata[i] ? 0.55 : 0.9, color: "#ffffff",
            weight: 0.8, dashArray: o.nodata[i] ? "4 3" : null};
  };
  var layer = L.geoJSON(iraFeatures(o.geo, false), {
    style: style,
    onEachFeature: function (f, l) {
      l.bindTooltip(o.tip[f.properties.i], {sticky: true});
      l.on("mouseover", function () { l.setStyle({weight: 2.2, color: "#222222"}); });
      l.on("mouseout", function () { layer.resetStyle(l); });
    }
  });
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
  var layer = L.geoJSON(iraFeatures(o.geo, false), {
    style: function (f) {
      // Outlines only: a fill, even a faint one, stacks over the bands and tints the
      // choropleth under them (Chihuahua read brown, not the legend's orange).
      return {color: "#5a5a5a", weight: 1, dashArray: "2 4", fillColor: "#5a5a5a",
              fillOpacity: 0};
    },
    onEachFeature: function (f, l) { l.bindTooltip(o.tip[f.properties.i], {sticky: true}); }
  });
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
    L.tooltip({permanent: true, direction: "right", offset: [8, 0], className: "ira-label",
               interactive: false}).setLatLng(p).setContent(o.label[i]).addTo(group);
  });
  map.on("zoomend", function () {
    map.getContainer().classList.toggle("ira-near", map.getZoom() >= 8);
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
  var c = L.control({position: "topleft"});
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
