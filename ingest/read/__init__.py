"""Reading: bytes -> a raw table of text cells with the right header (sniff the container, decode, find the
header under title rows, drop footers, subtotal and blank rows).  ``tables.open_raw`` is the entry point;
``base.RawTable`` is what the planning step gets."""
