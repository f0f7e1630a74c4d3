"""Review policies, one TOML file each, named `<policy id>.toml`."""
