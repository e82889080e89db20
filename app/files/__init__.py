"""The store of uploaded files: each file's bytes kept once under its SHA-256."""
