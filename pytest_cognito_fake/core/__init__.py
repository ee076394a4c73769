"""The engine: sign-in, tokens, users and attributes, codes and messages, SRP, triggers.
No HTTP and no operations: api/ and hosted_ui/ build on it."""
