"""Loading: a plan into the workspace in one transaction (``loader.load_export``), with the data checks and
the report of what was loaded and rejected."""
