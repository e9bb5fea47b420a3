"""The compte rendu d'exécution, the report to the State at the end of a funded project."""
