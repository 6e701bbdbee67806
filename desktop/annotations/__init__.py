"""The user's notes on cables: records, the notes database, re-anchoring, export and import."""
