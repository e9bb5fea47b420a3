"""The documents of the candidature: the annex (PDF, DOCX) and the plan de financement (PDF, CSV, XLSX)."""
