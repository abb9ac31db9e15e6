"""Natural-language understanding for the todo domain: small pure functions, no I/O.

``intents`` turns a user's request into typed operations, using ``dates`` (relative dates
against a clock), ``titles`` (task titles from free phrasing), ``references`` (which task a
phrase points at) and ``text`` (normalising and stemming words).
"""
