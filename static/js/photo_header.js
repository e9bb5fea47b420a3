/* What a photo's header says, read before any of its pixels is decoded: its size (a JPEG's frame header, a PNG's
   IHDR, a WebP's VP8 / VP8L / VP8X) and, from a JPEG's EXIF (its APP1 segment), when and where it was taken.
   photo_shrink.js asks it with the event voyette:photo-header {file} on the document, which sets detail.header to
   a Promise of {width, height, taken, lon, lat}, each undefined when unknown (the way map.js lends its map): to
   refuse a decompression bomb and to keep what a shrunk copy no longer carries. Only the file's first bytes are
   read, and every offset the file gives is checked against them: a damaged or hostile header tells nothing rather
   than something wrong. */
(function () {
  "use strict";
  var HEADER_BYTES = 1024 * 1024;  // a phone's EXIF (64 KB at most) and frame header come well before
  var EXIF_IFD = 0x8769, GPS_IFD = 0x8825, DATE_TAKEN = 0x9003, DATE_OFFSET = 0x9011;
  var LAT_REF = 1, LAT = 2, LON_REF = 3, LON = 4;

  function ascii(view, start, length) {
    var text = "";
    for (var i = 0; i < length; i++) text += String.fromCharCode(view.getUint8(start + i));
    return text;
  }

  /* The TIFF structure inside APP1, whose offsets count from `base` and must stay before `end`. */
  function tiff(view, base, end) {
    var little = ascii(view, base, 2) === "II";
    function at(offset, size) {
      if (offset < 0 || base + offset + size > end) throw new RangeError("outside the EXIF segment");
      return base + offset;
    }
    var t = {
      u16: function (offset) { return view.getUint16(at(offset, 2), little); },
      u32: function (offset) { return view.getUint32(at(offset, 4), little); },
      /* The entries of the directory at `offset`: {tag: {type, count, value offset}}. */
      entries: function (offset) {
        var found = {}, count = t.u16(offset);
        for (var i = 0; i < count; i++) {
          var entry = offset + 2 + i * 12, type = t.u16(entry + 2), n = t.u32(entry + 4);
          var size = n * ({ 2: 1, 5: 8 }[type] || 4);
          found[t.u16(entry)] = { type: type, count: n, at: size <= 4 ? entry + 8 : t.u32(entry + 8) };
        }
        return found;
      },
      text: function (entry) {
        if (!entry || entry.type !== 2 || entry.count > 64) return "";
        at(entry.at, entry.count);
        return ascii(view, base + entry.at, entry.count).replace(/[\0 ]+$/, "");
      },
      degrees: function (entry) {  // three rationals: degrees, minutes, seconds
        if (!entry || entry.type !== 5 || entry.count !== 3) return NaN;
        var parts = [0, 1, 2].map(function (i) { return t.u32(entry.at + i * 8) / t.u32(entry.at + i * 8 + 4); });
        return parts[0] + parts[1] / 60 + parts[2] / 3600;
      },
    };
    if (t.u16(2) !== 42) throw new RangeError("not TIFF");
    return t;
  }

  function readExif(view, start, end, found) {
    if (end - start < 14 || ascii(view, start, 6) !== "Exif\0\0") return;
    try {
      var t = tiff(view, start + 6, end), first = t.entries(t.u32(4));
      if (first[EXIF_IFD]) {
        var details = t.entries(t.u32(first[EXIF_IFD].at)), taken = t.text(details[DATE_TAKEN]);
        if (/^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d$/.test(taken)) found.taken = taken + t.text(details[DATE_OFFSET]);
      }
      if (first[GPS_IFD]) {
        var gps = t.entries(t.u32(first[GPS_IFD].at));
        var lat = t.degrees(gps[LAT]) * (t.text(gps[LAT_REF]).toUpperCase() === "S" ? -1 : 1);
        var lon = t.degrees(gps[LON]) * (t.text(gps[LON_REF]).toUpperCase() === "W" ? -1 : 1);
        if (isFinite(lat) && isFinite(lon)) { found.lat = lat; found.lon = lon; }  // the server checks the range
      }
    } catch (error) { /* a damaged EXIF segment: nothing read from it */ }
  }

  function isFrameHeader(marker) { return marker >= 0xC0 && marker <= 0xCF && [0xC4, 0xC8, 0xCC].indexOf(marker) < 0; }

  function jpeg(view, found) {
    var offset = 2;
    while (offset + 4 <= view.byteLength) {
      if (view.getUint8(offset) !== 0xFF) return;
      var marker = view.getUint8(offset + 1);
      if (marker === 0xFF) { offset += 1; continue; }  // padding
      if (marker === 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { offset += 2; continue; }  // no length
      if (marker === 0xD9 || marker === 0xDA) return;  // the end, or the pixels: no frame header came first
      var start = offset + 4, end = offset + 2 + view.getUint16(offset + 2);
      if (end < start) return;
      if (marker === 0xE1 && end <= view.byteLength && found.taken === undefined) readExif(view, start, end, found);
      if (isFrameHeader(marker)) {
        if (start + 5 > view.byteLength) return;
        found.height = view.getUint16(start + 1); found.width = view.getUint16(start + 3);
        return;
      }
      offset = end;
    }
  }

  function png(view, found) {
    if (view.byteLength < 24 || ascii(view, 12, 4) !== "IHDR") return;
    found.width = view.getUint32(16); found.height = view.getUint32(20);
  }

  function webp(view, found) {
    if (view.byteLength < 32) return;
    var chunk = ascii(view, 12, 4);
    if (chunk === "VP8 " && view.getUint8(23) === 0x9D) {
      found.width = view.getUint16(26, true) & 0x3FFF; found.height = view.getUint16(28, true) & 0x3FFF;
    } else if (chunk === "VP8L" && view.getUint8(20) === 0x2F) {
      var bits = view.getUint32(21, true);
      found.width = (bits & 0x3FFF) + 1; found.height = ((bits >>> 14) & 0x3FFF) + 1;
    } else if (chunk === "VP8X") {
      found.width = (view.getUint32(24, true) & 0xFFFFFF) + 1; found.height = (view.getUint32(27, true) & 0xFFFFFF) + 1;
    }
  }

  function read(buffer) {
    var view = new DataView(buffer), found = {};
    if (view.byteLength < 12) return found;
    if (view.getUint16(0) === 0xFFD8) jpeg(view, found);
    else if (view.getUint32(0) === 0x89504E47) png(view, found);
    else if (ascii(view, 0, 4) === "RIFF" && ascii(view, 8, 4) === "WEBP") webp(view, found);
    return found;
  }

  document.addEventListener("voyette:photo-header", function (event) {
    event.detail.header = event.detail.file.slice(0, HEADER_BYTES).arrayBuffer().then(read, function () { return {}; });
  });
})();
