"""The State root and the records it holds.

Records keep what AWS keeps. Pool and app-client settings are stored as the request members
that configured them (defaults applied), so Describe* echoes exactly what was set; the few
settings behaviour depends on are read through properties.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ..outbox import Outbox
from .cimd import CimdPolicy, ServedDocument
from .hosted_ui import HostedUIState
from .recovery import Recovery
from .sessions import TrackedSession

#: Values ``clone`` hands back as they are (immutable), without a call per leaf.
_ATOMS = frozenset({str, int, bool, float, type(None)})


def clone(value: Any) -> Any:
    """A copy of JSON-like data (dicts, lists, scalars): ~10x faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: v if type(v) in _ATOMS else clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _ATOMS else clone(v) for v in value]
    return value


@dataclass
class Code:
    """A live one-time code (sign-up, reset, attribute verification, MFA, sign-in OTP)."""

    code: str
    expires: float
    channel: str  # EMAIL or SMS
    failures: int = 0
    #: The new address a verification code puts in place (attributes that wait for it).
    value: str | None = None


@dataclass
class MfaSettings:
    """The user's MFA factors (SetUserMFAPreference, the legacy MFAOptions)."""

    preferred: str | None = None
    enabled: list[str] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)  # MFAOptions as given


@dataclass
class SoftwareToken:
    """The user's TOTP token: ``pending`` until VerifySoftwareToken accepts a code."""

    secret: str | None = None
    pending: str | None = None
    last_step: int = -1  # the last time step used (a code works once)
    name: str | None = None  # FriendlyDeviceName


@dataclass
class Device:
    """A device handed out at sign-in; tracked once ConfirmDevice gave it a verifier."""

    key: str
    created: float
    modified: float
    last_auth: float
    ip: str
    confirmed: bool = False
    status: str = "not_remembered"  # DeviceRememberedStatusType
    salt: str | None = None  # DeviceSecretVerifierConfig, base64
    verifier: str | None = None
    name: str | None = None


@dataclass
class Lockout:
    """Wrong passwords in a row, and until when the account is locked."""

    failures: int = 0
    until: float = 0.0


@dataclass
class SrpVerifier:
    """The SRP salt and verifier of the user's current password (``digest`` names it)."""

    digest: str
    salt: str
    v: int


@dataclass
class Passkeys:
    """The user's WebAuthn credentials and the registration in progress."""

    credentials: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, Any] | None = None


@dataclass
class User:
    username: str  # the internal username (the sub in email/phone-username pools)
    sub: str
    attributes: dict[str, str]
    status: str  # UserStatusType
    enabled: bool
    created: float
    modified: float
    password: str | None = None
    password_set_at: float = 0.0
    #: The user's previous passwords, oldest first (when the pool keeps a history).
    password_history: list[str] = field(default_factory=list)
    #: Live codes by key: the purpose, or ``verify:<attribute>``.
    codes: dict[str, Code] = field(default_factory=dict)
    mfa: MfaSettings = field(default_factory=MfaSettings)
    software_token: SoftwareToken = field(default_factory=SoftwareToken)
    devices: dict[str, Device] = field(default_factory=dict)  # by device key
    device_group: str | None = None
    lockout: Lockout = field(default_factory=Lockout)
    srp_verifier: SrpVerifier | None = None
    passkeys: Passkeys = field(default_factory=Passkeys)
    #: Linked external identities (AdminLinkProviderForUser), ProviderUserIdentifier-like.
    identities: list[dict[str, Any]] = field(default_factory=list)
    #: Sign-in outcomes (AdminListUserAuthEvents), AuthEventType-like, newest last.
    auth_events: list[dict[str, Any]] = field(default_factory=list)
    imported: bool = False  # created by a user import job


@dataclass
class AppClient:
    client_id: str
    pool_id: str
    settings: dict[str, Any]  # CreateUserPoolClient members as stored, defaults applied
    created: float
    modified: float
    secrets: list[dict[str, Any]] = field(default_factory=list)  # {id, value, created}
    client_type: str = "REGULAR"  # ClientTypeType: REGULAR (API) or DCR (registered)
    #: The Secrets Manager ARN the secret is published under (PublishSecretsInAWSSecretsManager).
    secret_arn: str | None = None
    #: SetUserPoolClientSessionConfiguration: how long after a fresh sign-in this client may
    #: reuse the hosted-UI SSO session (only while the pool tracks sessions).
    sso_max_validity_minutes: int = 60

    @property
    def name(self) -> str:
        return str(self.settings["ClientName"])

    @property
    def secret(self) -> str | None:
        return self.secrets[0]["value"] if self.secrets else None

    @property
    def flows(self) -> list[str]:
        return list(self.settings.get("ExplicitAuthFlows", []))

    def validity_seconds(self, kind: str) -> int:
        """Lifetime of an AccessToken, IdToken or RefreshToken issued to this client."""
        units = self.settings.get("TokenValidityUnits", {})
        defaults = {
            "AccessToken": (60, "minutes"),
            "IdToken": (60, "minutes"),
            "RefreshToken": (30, "days"),
        }
        value = self.settings.get(f"{kind}Validity")
        if value is None:
            value, unit = defaults[kind]
        else:
            unit = units.get(kind, "days" if kind == "RefreshToken" else "hours")
        factor = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[unit]
        return int(value) * factor


@dataclass
class Replica:
    """A secondary Region of a multi-Region pool (the fake keeps the record; it serves the
    pool from its own Region, and a request signed for this Region sees the secondary)."""

    region: str
    status: str  # ReplicaStatusType: INACTIVE or ACTIVE once created
    created: float
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class UserPool:
    pool_id: str
    region: str
    account: str
    settings: dict[str, Any]  # CreateUserPool members as stored, defaults applied
    created: float
    modified: float
    #: Its place in the signing-key ring: no two pools of a state share one (crypto.jwt).
    key_slot: int = 0
    users: dict[str, User] = field(default_factory=dict)  # by internal username
    clients: dict[str, AppClient] = field(default_factory=dict)
    # What other operations configure, stored as AWS's members (like ``settings``):
    domain: dict[str, Any] | None = None  # DomainDescriptionType
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # GroupType + members
    idps: dict[str, dict[str, Any]] = field(default_factory=dict)  # IdentityProviderType
    resource_servers: dict[str, dict[str, Any]] = field(default_factory=dict)
    import_jobs: dict[str, dict[str, Any]] = field(default_factory=dict)  # UserImportJobType
    terms: dict[str, dict[str, Any]] = field(default_factory=dict)  # by TermsId
    branding: dict[str, dict[str, Any]] = field(default_factory=dict)  # by ManagedLoginBrandingId
    ui: dict[str, dict[str, Any]] = field(default_factory=dict)  # UI customization, by client
    risk: dict[str, dict[str, Any]] = field(default_factory=dict)  # by client id
    log_delivery: list[dict[str, Any]] = field(default_factory=list)  # LogConfigurations
    #: SetUserPoolMfaConfig's factor configuration (None: derived from the pool's settings).
    mfa_config: dict[str, Any] | None = None
    #: The key of the fake SRP identities handed to unknown users (made on first use).
    srp_secret: str | None = None
    cimd_policies: dict[str, CimdPolicy] = field(default_factory=dict)  # in creation order
    recovery: Recovery = field(default_factory=Recovery)  # point-in-time recovery
    replicas: dict[str, Replica] = field(default_factory=dict)  # secondaries, by Region
    #: SetUserPoolSessionConfiguration: UserSessionTracking ENABLED, TokenSession.MaxPerUser.
    session_tracking: bool = False
    max_sessions_per_user: int = 20

    @property
    def name(self) -> str:
        return str(self.settings["Name"])  # stored under the output member name

    @property
    def arn(self) -> str:
        return f"arn:aws:cognito-idp:{self.region}:{self.account}:userpool/{self.pool_id}"

    @property
    def password_policy(self) -> dict[str, Any]:
        return dict(self.settings.get("Policies", {}).get("PasswordPolicy", {}))

    @property
    def updated_issuer(self) -> bool:
        """IssuerConfiguration.Type UPDATED (new pools default to ORIGINAL; unconfirmed)."""
        return bool(self.settings.get("IssuerConfiguration", {}).get("Type") == "UPDATED")

    @property
    def case_sensitive(self) -> bool:
        return bool(self.settings.get("UsernameConfiguration", {}).get("CaseSensitive", True))


@dataclass
class TokenFamily:
    """One authentication: every ID, access and refresh token minted from it shares it."""

    event_id: str
    origin_jti: str
    pool_id: str
    client_id: str
    username: str
    sub: str
    auth_time: int
    scopes: list[str]
    revoked: bool = False
    device_key: str | None = None
    nonce: str | None = None
    #: Minted at the hosted UI's /oauth2/token (not by the API's sign-in).
    hosted_ui: bool = False
    #: The resource server the access tokens are bound to (``resource`` at authorize): their
    #: ``aud``.
    audience: str | None = None
    #: Its token session, when the pool tracked sessions as it issued a refresh token.
    session: TrackedSession | None = None


@dataclass
class RefreshToken:
    token: str
    event_id: str
    client_id: str
    issued: float
    expires: float
    #: When rotation replaced this token; it stays usable for the grace period after it.
    rotated_at: float | None = None


@dataclass
class SrpPending:
    """The server's side of an SRP exchange between its two calls."""

    block: str  # SECRET_BLOCK
    big_a: int
    small_b: int
    big_b: int
    v: int
    salt: str


@dataclass
class CustomRounds:
    """CUSTOM_AUTH: the challenge history and the last round's private parameters."""

    history: list[dict[str, Any]] = field(default_factory=list)
    private: dict[str, Any] = field(default_factory=dict)
    metadata: str | None = None
    #: SRP_A of a CUSTOM_AUTH that starts with SRP, until PASSWORD_VERIFIER is asked for.
    srp_a: str | None = None


@dataclass
class SignInProgress:
    """What the steps of one sign-in learnt, kept in its Session between calls."""

    #: The device this sign-in uses (offered and known, or handed out now).
    device_key: str | None = None
    #: A DEVICE_KEY sent with the password step, for the device step after it.
    offered_device_key: str | None = None
    device_proved: bool = False  # DEVICE_PASSWORD_VERIFIER passed
    device_authenticated: bool = False  # ... on a remembered device
    #: NewDeviceMetadata handed out by this sign-in.
    new_device: dict[str, str] | None = None
    srp: SrpPending | None = None  # PASSWORD_VERIFIER pending
    device_srp: SrpPending | None = None  # DEVICE_PASSWORD_VERIFIER pending
    mfa: str | None = None  # the factor asked for
    mfa_choices: list[str] = field(default_factory=list)  # SELECT_MFA_TYPE
    mfa_done: bool = False
    totp_verified: bool = False  # MFA_SETUP: VerifySoftwareToken accepted a code
    otp: str | None = None  # USER_AUTH: EMAIL_OTP or SMS_OTP sent
    choices: list[str] = field(default_factory=list)  # SELECT_CHALLENGE
    #: The name typed by a user that does not exist (PreventUserExistenceErrors decoys).
    unknown_user: str | None = None
    webauthn_challenge: str | None = None
    custom: CustomRounds | None = None
    #: The pre token generation trigger source of the tokens this sign-in ends with.
    token_source: str = "TokenGeneration_Authentication"


@dataclass
class AuthSession:
    """A challenge in progress: the Session string AWS hands back between auth steps."""

    session: str
    pool_id: str
    client_id: str
    username: str
    challenge: str
    expires: float
    data: SignInProgress = field(default_factory=SignInProgress)


@dataclass
class State:
    pools: dict[str, UserPool] = field(default_factory=dict)
    #: Pools given signing keys so far: the next pool's place in the key ring.
    key_slots: int = 0
    client_index: dict[str, str] = field(default_factory=dict)  # client id -> pool id
    families: dict[str, TokenFamily] = field(default_factory=dict)  # by event id
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    sessions: dict[str, AuthSession] = field(default_factory=dict)
    #: Sessions that were answered (AWS: "can only be used once"), as a set.
    spent_sessions: dict[str, bool] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)  # domain -> pool id
    outbox: Outbox = field(default_factory=Outbox)
    hosted_ui: HostedUIState = field(default_factory=HostedUIState)
    #: Client metadata documents tests serve at https URLs, by URL.
    served_documents: dict[str, ServedDocument] = field(default_factory=dict)
    #: UpdateProvisionedLimit's values (requests per second), by API category.
    provisioned_limits: dict[str, int] = field(default_factory=dict)
    #: The account's Service Quotas maximum per category, where a test set one.
    quota_maximums: dict[str, int] = field(default_factory=dict)

    def snapshot(self) -> State:
        """A deep copy, for a fixture that seeds once and restores per test."""
        return copy.deepcopy(self)
