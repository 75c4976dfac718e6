"""The commands of cli.py, grouped by what they work on (data, numbers, objectives), and their arguments.

cli.py stays the entry point: it parses, forwards to a running app when one holds the workspace, runs the
command and turns user errors into one line on stderr.
"""
