"""docs/seeding.md: one seed file for the standalone server and for tests."""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).with_name("seed.toml")


def test_a_seed_file(cognito_fake):
    seeded = cognito_fake.seed(SEED)

    shop, web = seeded.pools["shop"], seeded.clients["web"]
    assert (shop.id, web.id) == ("us-east-1_Example01", "shopwebclient0000000000000")
    alice = seeded.users["alice"]
    assert alice.sub == "6b1f8a8e-3c1e-4a7b-9a52-0c5f1e2d3a4b"
    assert seeded.users["bob"].status == "FORCE_CHANGE_PASSWORD"

    tokens = alice.sign_in(web)
    assert tokens.id_claims["cognito:groups"] == ["admins"]
    assert tokens.id_claims["sub"] == alice.sub
