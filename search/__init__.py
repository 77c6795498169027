"""The search layer: documents, one engine-neutral query model, engines, and sync."""
