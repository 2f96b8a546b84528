"""Benchmarks: the library side by side with a baseline, in one run (``make bench``)."""
