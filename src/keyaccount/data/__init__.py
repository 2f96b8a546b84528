"""Data files shipped with the package (the sample portfolio)."""
