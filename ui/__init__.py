"""Streamlit helpers shared by the pages (the only layer besides pages/ and app.py that imports streamlit)."""
