"""Exporting a map's items in the formats partners use: GeoJSON, CSV, KML, GPX, GeoPackage."""
