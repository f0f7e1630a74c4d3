"""Pure-Python rules of the product: no database, no media decoding, no Qt."""
