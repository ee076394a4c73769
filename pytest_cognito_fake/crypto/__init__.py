"""Real cryptography: RS256 JWTs, Cognito's SRP-6a, TOTP."""
