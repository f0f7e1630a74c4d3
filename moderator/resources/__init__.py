"""Data shipped inside the package: policies (TOML) and styles."""
