"""The communication kit: a poster of the map and a flyer for residents, each with a QR code and the State's mention."""
