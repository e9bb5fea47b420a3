/* The drawing island, loaded on demand by map.js: Leaflet-Geoman for drawing a new shape
   and for moving the vertices of an existing one. It hands GeoJSON geometries back to map.js,
   which puts them in the form's hidden geometry field. */
window.VoyetteEditor = (function () {
  "use strict";
  var TOOLS = { point: "CircleMarker", line: "Line", polygon: "Polygon" };
  var STYLE = { color: "#d9480f", weight: 3, fillOpacity: 0.2 };
  var active = null;

  function geometryOf(layer) { return layer.toGeoJSON(7).geometry; }

  function prepare(map) {
    // Geoman equips maps created after it loads; this one was made before, to keep the viewer light.
    if (!map.pm) map.pm = new L.PM.Map(map);
    stop(map);
    map.pm.setLang("fr");
    map.pm.setGlobalOptions({ allowSelfIntersection: false, snappable: true, pathOptions: STYLE,
                              templineStyle: STYLE, hintlineStyle: Object.assign({ dashArray: "5,5" }, STYLE) });
  }

  /* Draw one new shape of `kind`; `done(layer, geometry)` once it is finished. */
  function draw(map, kind, done) {
    prepare(map);
    map.pm.enableDraw(TOOLS[kind], { continueDrawing: false, markerStyle: STYLE });
    map.once("pm:create", function (event) {
      map.pm.disableDraw();
      active = event.layer;
      done(event.layer, geometryOf(event.layer));
    });
  }

  /* Make an existing feature's shape editable; `changed(geometry)` after every move. */
  function edit(map, feature, changed) {
    prepare(map);
    var layer = L.geoJSON(feature, { style: STYLE, pointToLayer: function (f, at) {
      return L.circleMarker(at, Object.assign({ radius: 11 }, STYLE));
    } }).getLayers()[0];
    layer.addTo(map);
    layer.pm.enable({ draggable: true, allowSelfIntersection: false });
    layer.on("pm:edit pm:dragend pm:markerdragend pm:vertexremoved", function () { changed(geometryOf(layer)); });
    active = layer;
  }

  function stop(map) {
    if (map.pm) map.pm.disableDraw();
    if (active) { if (active.pm) active.pm.disable(); active.remove(); active = null; }
  }

  return { draw: draw, edit: edit, stop: stop };
})();
