"""Shared plots: cutting a zone into plots for households, and checking hand-drawn plots."""
