"""Policies: configuration objects plus pure functions, one module per family."""
