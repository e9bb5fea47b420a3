"""« Données personnelles » and « Mentions légales »: what the site keeps and who answers for it."""
