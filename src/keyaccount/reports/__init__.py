"""Reports for people: text tables and a self-contained HTML page (pure: they return text)."""
