"""Moving entries in and out: Reflect's JSON export, share files, Markdown vaults,
and importers for other journals."""
