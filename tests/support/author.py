"""The name a test makes its changes under when it does not look at who made them."""
AUTHOR = "Lou"
