"""The model catalog (data): `catalog.toml` lists the GGUF models Reflect knows."""
