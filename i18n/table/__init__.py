"""Translation table modules: each defines STRINGS = {key: {"en": ..., "zh": ...}}."""
