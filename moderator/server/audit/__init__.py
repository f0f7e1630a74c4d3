"""Pushed workstation chains, checked event by event."""
