"""The store API's pieces: each user's namespace prefix (``scope``) and the bodies (``schemas``)."""
