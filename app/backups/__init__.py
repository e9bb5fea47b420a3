"""A map's whole backup as one file, and restoring it as a new map (in the browser and with `flask`)."""
