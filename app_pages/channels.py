"""Channels: lead cohorts by channel and month, with revenue at T+0..T+3 and ROI, as a heatmap and a table."""

from ui import state
from ui.channels import render_channels

render_channels(state.workspace())
