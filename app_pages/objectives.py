"""Objectives: one card per objective with its score and status, each KR with baseline, current, target,
progress against the pace marker, status and forecast; filters by period, owner and team; SMART warnings."""

from ui import state
from ui.objectives import render_objectives

render_objectives(state.workspace())
