"""The catalogue: schema, file formats, models and storage."""
