"""The compliance report for an auditor: the figures (`model`, built by `report.build`), and its
CSV tables and self-contained HTML page, written by `report.write`."""
