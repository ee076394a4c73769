"""The operations, one module per area of the API, listed below with the operations each serves.

The service imports a module on the first call of one of its operations (``load``), so a
session that only signs users in never imports branding, import jobs or WebAuthn; ``load_all``
imports them all (the documentation's table, the contract tests)."""

from __future__ import annotations

import importlib

from ._registry import Handler, table

#: Every module that defines operations, with the operations it serves (the service imports a
#: module on the first call of one of them; tests/unit/test_pipeline.py checks this against
#: the ``@operation`` marks).
MODULES: dict[str, tuple[str, ...]] = {
    "account": (
        "ChangePassword",
        "DeleteUser",
        "DeleteUserAttributes",
        "GetUser",
        "UpdateUserAttributes",
    ),
    "auth": (
        "AdminInitiateAuth",
        "AdminRespondToAuthChallenge",
        "InitiateAuth",
        "RespondToAuthChallenge",
    ),
    "auth_events": (
        "AdminListUserAuthEvents",
        "AdminUpdateAuthEventFeedback",
        "UpdateAuthEventFeedback",
    ),
    "branding": (
        "CreateManagedLoginBranding",
        "DeleteManagedLoginBranding",
        "DescribeManagedLoginBranding",
        "DescribeManagedLoginBrandingByClient",
        "GetUICustomization",
        "SetUICustomization",
        "UpdateManagedLoginBranding",
    ),
    "certificates": ("GetSigningCertificate",),
    "cimd": (
        "CreateCIMDPolicy",
        "DeleteCIMDPolicy",
        "DescribeCIMDPolicy",
        "ListCIMDPolicies",
        "ListClientMetadataURLs",
        "UpdateCIMDPolicy",
        "UpdateClientMetadataURLState",
    ),
    "client_secrets": (
        "AddUserPoolClientSecret",
        "DeleteUserPoolClientSecret",
        "ListUserPoolClientSecrets",
    ),
    "client_tokens": ("GetClientToken", "GetDerivedToken"),
    "clients": (
        "CreateUserPoolClient",
        "DeleteUserPoolClient",
        "DescribeUserPoolClient",
        "ListUserPoolClients",
        "UpdateUserPoolClient",
    ),
    "devices": (
        "AdminForgetDevice",
        "AdminGetDevice",
        "AdminListDevices",
        "AdminUpdateDeviceStatus",
        "ConfirmDevice",
        "ForgetDevice",
        "GetDevice",
        "ListDevices",
        "UpdateDeviceStatus",
    ),
    "domains": (
        "CreateUserPoolDomain",
        "DeleteUserPoolDomain",
        "DescribeUserPoolDomain",
        "UpdateUserPoolDomain",
    ),
    "groups": (
        "AdminAddUserToGroup",
        "AdminListGroupsForUser",
        "AdminRemoveUserFromGroup",
        "CreateGroup",
        "DeleteGroup",
        "GetGroup",
        "ListGroups",
        "ListUsersInGroup",
        "UpdateGroup",
    ),
    "idp": (
        "AdminDisableProviderForUser",
        "AdminLinkProviderForUser",
        "CreateIdentityProvider",
        "DeleteIdentityProvider",
        "DescribeIdentityProvider",
        "GetIdentityProviderByIdentifier",
        "ListIdentityProviders",
        "UpdateIdentityProvider",
    ),
    "import_jobs": (
        "CreateUserImportJob",
        "DescribeUserImportJob",
        "GetCSVHeader",
        "ListUserImportJobs",
        "StartUserImportJob",
        "StopUserImportJob",
    ),
    "limits": ("GetProvisionedLimit", "UpdateProvisionedLimit"),
    "mfa": (
        "AdminDeleteSoftwareToken",
        "AdminSetUserMFAPreference",
        "AdminSetUserSettings",
        "AssociateSoftwareToken",
        "GetUserPoolMfaConfig",
        "SetUserMFAPreference",
        "SetUserPoolMfaConfig",
        "SetUserSettings",
        "VerifySoftwareToken",
    ),
    "pools": (
        "AddCustomAttributes",
        "CreateUserPool",
        "DeleteUserPool",
        "DescribeUserPool",
        "ListUserPools",
        "UpdateUserPool",
    ),
    "recovery": (
        "CancelPointInTimeRecovery",
        "DescribePointInTimeRecovery",
        "InitiatePointInTimeRecovery",
        "ListPointInTimeRecoveries",
        "StartPointInTimeRecovery",
    ),
    "replicas": (
        "CreateUserPoolReplica",
        "DeleteUserPoolReplica",
        "ListUserPoolReplicas",
        "UpdateUserPoolReplica",
    ),
    "resource_servers": (
        "CreateResourceServer",
        "DeleteResourceServer",
        "DescribeResourceServer",
        "ListResourceServers",
        "UpdateResourceServer",
    ),
    "sessions": (
        "AdminListUserSessions",
        "AdminRevokeUserSession",
        "GetUserPoolClientSessionConfiguration",
        "GetUserPoolSessionConfiguration",
        "ListUserSessions",
        "RevokeUserSession",
        "SetUserPoolClientSessionConfiguration",
        "SetUserPoolSessionConfiguration",
    ),
    "settings": (
        "DescribeRiskConfiguration",
        "GetLogDeliveryConfiguration",
        "SetLogDeliveryConfiguration",
        "SetRiskConfiguration",
    ),
    "sign_out": (
        "AdminUserGlobalSignOut",
        "GetTokensFromRefreshToken",
        "GlobalSignOut",
        "RevokeToken",
    ),
    "signup": (
        "ConfirmForgotPassword",
        "ConfirmSignUp",
        "ForgotPassword",
        "ResendConfirmationCode",
        "SignUp",
    ),
    "tags": ("ListTagsForResource", "TagResource", "UntagResource"),
    "terms": (
        "CreateTerms",
        "DeleteTerms",
        "DescribeTerms",
        "DescribeTermsByClient",
        "ListTerms",
        "UpdateTerms",
    ),
    "user_auth": ("AdminGetUserAuthFactors", "GetUserAuthFactors"),
    "users": (
        "AdminConfirmSignUp",
        "AdminCreateUser",
        "AdminDeleteUser",
        "AdminDeleteUserAttributes",
        "AdminDisableUser",
        "AdminEnableUser",
        "AdminGetUser",
        "AdminResetUserPassword",
        "AdminSetUserPassword",
        "AdminUpdateUserAttributes",
        "ListUsers",
    ),
    "verification": ("GetUserAttributeVerificationCode", "VerifyUserAttribute"),
    "webauthn": (
        "CompleteWebAuthnRegistration",
        "DeleteWebAuthnCredential",
        "ListWebAuthnCredentials",
        "StartWebAuthnRegistration",
    ),
}
#: Operation name -> the module that serves it.
MODULE_OF = {name: module for module, names in MODULES.items() for name in names}


def load_all() -> dict[str, Handler]:
    """API name -> the function that serves it, every module imported."""
    return table(importlib.import_module(f"{__name__}.{name}") for name in MODULES)


def load(name: str) -> dict[str, Handler]:
    """The operations of the module that serves operation ``name`` (importing that module only:
    a test that calls five operations pays for the modules of those five), or {} for a name no
    module serves."""
    module = MODULE_OF.get(name)
    if module is None:
        return {}
    return table([importlib.import_module(f"{__name__}.{module}")])
