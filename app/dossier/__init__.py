"""The candidature dossier: the calls for projects (calls/, one file each), the rules they apply (rules.py), and
the pages that help a porteur meet them."""
