"""Planning: what a raw table is and how each column becomes a canonical field (vocabularies, presets,
column profiles, value parsers), decided once into a ``planner.Plan``; ``stage`` and ``derive`` turn the plan
into the SQL that parses and derives every row."""
