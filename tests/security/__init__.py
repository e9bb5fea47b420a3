"""The attack suite: what an attacker tried, each kept from coming back."""
