"""The printed map: A4 or A3, on its basemap, with its numbered legend, as PDF and PNG."""
