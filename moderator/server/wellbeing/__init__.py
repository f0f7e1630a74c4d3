"""The caller's own wellbeing records: exposure, breaks, check-ins, today's standing."""
