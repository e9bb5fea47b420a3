"""Project actions: what the collective will do, with its budget, its objectifs chiffrés and its items."""
