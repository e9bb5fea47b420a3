/* The drawing tools, loaded on demand by draw.js: Leaflet-Geoman for drawing a new shape and for moving the
   vertices of an existing one, on the Leaflet map that map.js lends (voyette:map). Once loaded it hands draw.js
   {draw, undo, edit, stop} in voyette:editor-ready, and gives GeoJSON geometries back. */
(function () {
  "use strict";
  var TOOLS = { point: "CircleMarker", line: "Line", polygon: "Polygon" };
  var STYLE = { color: "#d9480f", weight: 3, fillOpacity: 0.2 };
  var el = document.getElementById("map"), ask = { detail: {} }, active = null, drawing = null;
  el.dispatchEvent(new CustomEvent("voyette:map", ask));
  var map = ask.detail.map;

  function geometryOf(layer) { return layer.toGeoJSON(7).geometry; }

  function prepare() {
    // Geoman equips maps created after it loads; this one was made before, to keep the viewer light.
    if (!map.pm) map.pm = new L.PM.Map(map);
    stop();
    map.pm.setLang("fr");
    map.pm.setGlobalOptions({ allowSelfIntersection: false, snappable: true, pathOptions: STYLE,
                              templineStyle: STYLE, hintlineStyle: Object.assign({ dashArray: "5,5" }, STYLE) });
  }

  /* Draw one new shape of `kind`; `done(geometry)` once it is finished. */
  function draw(kind, done) {
    prepare();
    function created(event) {
      drawing = null;
      map.pm.disableDraw();
      active = event.layer;
      done(geometryOf(event.layer));
    }
    drawing = { shape: TOOLS[kind], options: { continueDrawing: false, markerStyle: STYLE }, created: created };
    map.pm.enableDraw(drawing.shape, drawing.options);
    map.once("pm:create", created);
  }

  /* Take back the last point of the line or zone being drawn; the first one too (the drawing starts afresh).
     Geoman's own « remove last vertex » action does it with the same call. */
  function undo() {
    var tool = drawing && map.pm.Draw[drawing.shape], count = tool && tool._markers ? tool._markers.length : 0;
    if (count > 1) tool._removeLastVertex();
    else if (count === 1) { tool.disable(); map.pm.enableDraw(drawing.shape, drawing.options); }
  }

  /* Make an existing item's shape editable; `changed(geometry)` after every move. */
  function edit(feature, changed) {
    prepare();
    var layer = L.geoJSON(feature, { style: STYLE, pointToLayer: function (f, at) {
      return L.circleMarker(at, Object.assign({ radius: 11 }, STYLE));
    } }).getLayers()[0];
    layer.addTo(map);
    layer.pm.enable({ draggable: true, allowSelfIntersection: false });
    layer.on("pm:edit pm:dragend pm:markerdragend pm:vertexremoved", function () { changed(geometryOf(layer)); });
    active = layer;
  }

  function stop() {
    if (drawing) { map.off("pm:create", drawing.created); drawing = null; }  // given up: no shape to wait for
    if (map.pm) map.pm.disableDraw();
    if (active) { if (active.pm) active.pm.disable(); active.remove(); active = null; }
  }

  el.dataset.editor = "ready";
  el.dispatchEvent(new CustomEvent("voyette:editor-ready",
                                   { detail: { draw: draw, undo: undo, edit: edit, stop: stop } }));
})();
