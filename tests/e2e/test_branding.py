from __future__ import annotations

import pytest
import requests

from ..helpers import raises

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MISSING = "0f5b3c1e-9d2a-4b7c-8e1f-2a3b4c5d6e7f"
SETTINGS = {
    "components": {"primaryButton": {"lightMode": {"defaults": {"backgroundColor": "0972d3ff"}}}}
}


def test_ui_customization_pool_and_client(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    assert idp.get_ui_customization(UserPoolId=pool.id)["UICustomization"] == {}
    with pytest.raises(
        idp.exceptions.InvalidParameterException, match="There has to be an existing domain"
    ):
        idp.set_ui_customization(UserPoolId=pool.id, CSS=".banner-customizable {color: red}")
    idp.create_user_pool_domain(Domain="branding-test-app", UserPoolId=pool.id)

    pool_level = idp.set_ui_customization(
        UserPoolId=pool.id, CSS=".banner-customizable {color: red}", ImageFile=PNG
    )["UICustomization"]
    assert pool_level["ClientId"] == "ALL"
    assert pool_level["CSS"] == ".banner-customizable {color: red}"
    image = requests.get(pool_level["ImageUrl"], timeout=5)
    assert image.status_code == 200
    assert image.content == PNG

    # A client without its own customization sees the pool's.
    seen = idp.get_ui_customization(UserPoolId=pool.id, ClientId=web.id)["UICustomization"]
    assert seen["ClientId"] == "ALL"
    assert seen["CSS"] == pool_level["CSS"]
    idp.set_ui_customization(UserPoolId=pool.id, ClientId=web.id, CSS=".label-customizable {}")
    own = idp.get_ui_customization(UserPoolId=pool.id, ClientId=web.id)["UICustomization"]
    assert own["ClientId"] == web.id
    assert own["CSS"] == ".label-customizable {}"
    assert "ImageUrl" not in own
    again = idp.get_ui_customization(UserPoolId=pool.id)["UICustomization"]
    assert again["CSS"] == ".banner-customizable {color: red}"
    with raises(idp, "ResourceNotFoundException", "User pool client nosuchclient does not exist."):
        idp.get_ui_customization(UserPoolId=pool.id, ClientId="nosuchclient")


def test_managed_login_branding_round_trip(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    asset = {"Category": "PAGE_HEADER_LOGO", "ColorMode": "LIGHT", "Extension": "PNG", "Bytes": PNG}
    created = idp.create_managed_login_branding(
        UserPoolId=pool.id, ClientId=web.id, Settings=SETTINGS, Assets=[asset]
    )["ManagedLoginBranding"]
    branding_id = created["ManagedLoginBrandingId"]
    assert created["UseCognitoProvidedValues"] is False
    assert created["Settings"] == SETTINGS
    assert created["Assets"][0]["Bytes"] == PNG

    by_id = idp.describe_managed_login_branding(
        UserPoolId=pool.id, ManagedLoginBrandingId=branding_id
    )["ManagedLoginBranding"]
    by_client = idp.describe_managed_login_branding_by_client(UserPoolId=pool.id, ClientId=web.id)
    assert by_client["ManagedLoginBranding"] == by_id
    assert by_id["Settings"] == SETTINGS

    updated = idp.update_managed_login_branding(
        UserPoolId=pool.id, ManagedLoginBrandingId=branding_id, UseCognitoProvidedValues=True
    )["ManagedLoginBranding"]
    assert updated["UseCognitoProvidedValues"] is True
    assert updated["Assets"] == []
    read = idp.describe_managed_login_branding(
        UserPoolId=pool.id, ManagedLoginBrandingId=branding_id
    )["ManagedLoginBranding"]
    assert read["UseCognitoProvidedValues"] is True

    idp.delete_managed_login_branding(UserPoolId=pool.id, ManagedLoginBrandingId=branding_id)
    gone = f"Managed login branding {branding_id} does not exist."
    with raises(idp, "ResourceNotFoundException", gone):
        idp.describe_managed_login_branding(UserPoolId=pool.id, ManagedLoginBrandingId=branding_id)
    none_for_web = f"Managed login branding for client {web.id} does not exist."
    with raises(idp, "ResourceNotFoundException", none_for_web):
        idp.describe_managed_login_branding_by_client(UserPoolId=pool.id, ClientId=web.id)


def test_managed_login_branding_errors(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    idp.create_managed_login_branding(UserPoolId=pool.id, ClientId=web.id, Settings=SETTINGS)
    exists = f"Managed login branding already exists for client {web.id}."
    with raises(idp, "ManagedLoginBrandingExistsException", exists):
        idp.create_managed_login_branding(
            UserPoolId=pool.id, ClientId=web.id, UseCognitoProvidedValues=True
        )
    other = pool.create_client("other")
    with raises(
        idp,
        "InvalidParameterException",
        "Settings and Assets must be omitted when UseCognitoProvidedValues is true.",
    ):
        idp.create_managed_login_branding(
            UserPoolId=pool.id, ClientId=other.id, UseCognitoProvidedValues=True, Settings={}
        )
    none_for_other = f"Managed login branding for client {other.id} does not exist."
    with raises(idp, "ResourceNotFoundException", none_for_other):
        idp.describe_managed_login_branding_by_client(UserPoolId=pool.id, ClientId=other.id)
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException, match="User pool client nosuch does not exist"
    ):
        idp.create_managed_login_branding(UserPoolId=pool.id, ClientId="nosuch")
    with raises(
        idp,
        "ResourceNotFoundException",
        "Managed login branding 0f5b3c1e-9d2a-4b7c-8e1f-2a3b4c5d6e7f does not exist.",
    ):
        idp.update_managed_login_branding(
            UserPoolId=pool.id, ManagedLoginBrandingId=MISSING, Settings={}
        )
    with raises(
        idp,
        "ResourceNotFoundException",
        "Managed login branding 0f5b3c1e-9d2a-4b7c-8e1f-2a3b4c5d6e7f does not exist.",
    ):
        idp.delete_managed_login_branding(UserPoolId=pool.id, ManagedLoginBrandingId=MISSING)
