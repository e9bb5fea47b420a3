"""Voyette's benchmarks: they print figures next to the budgets of DESIGN.md and never assert durations."""
