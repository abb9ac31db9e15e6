"""chatmodels."""
