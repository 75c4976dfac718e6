"""Streamlit helpers shared by the pages (the only layer besides app_pages/ and app.py that imports streamlit)."""
