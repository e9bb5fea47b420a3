"""A map's reference layer: the cadastral parcels drawn under the items for zones to snap to."""
