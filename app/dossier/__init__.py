"""The AMI candidature dossier: the call's rules (rules.py) and, later, the pages that help a porteur meet them."""
