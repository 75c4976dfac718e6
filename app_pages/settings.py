"""Settings: language, time zone, metric definitions, OKR status rule, branding, clearing the data."""

from ui import state
from ui.settings import render_settings

render_settings(state.workspace())
