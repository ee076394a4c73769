"""Cognito's errors: one class per error shape of the shipped model, named as AWS names it.

A ``CognitoError`` raised anywhere in an operation becomes the wire error
``{"__type": <class name>, "message": ...}`` with the class's HTTP status.
``tests/contract`` checks that this module lists exactly the model's error shapes.
"""

from __future__ import annotations

from typing import Any, ClassVar


class CognitoError(Exception):
    """An error the service answers with, as AWS would."""

    status: ClassVar[int] = 400
    default_message: ClassVar[str] = ""
    #: The body key of the message: modeled errors say ``message``, the framework ``Message``.
    message_key: ClassVar[str] = "message"

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        self.message = self.default_message if message is None else message
        self.extra = extra
        super().__init__(self.message)

    @property
    def code(self) -> str:
        return type(self).__name__

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"__type": self.code}
        if self.message or self.message_key == "message":
            body[self.message_key] = self.message
        body.update(self.extra)
        return body


# -- errors of the protocol layer (not in the model, raised by AWS's service framework) --


class SerializationException(CognitoError):
    """The body is not JSON, or a member has the wrong JSON type."""

    message_key = "Message"


class UnknownOperationException(CognitoError):
    """The X-Amz-Target header names no operation of the service."""

    message_key = "Message"


class MissingAuthenticationTokenException(CognitoError):
    """A SigV4 operation came without an Authorization header (403, AWS's common errors)."""

    status = 403
    default_message = "Missing Authentication Token"


class ThrottlingException(CognitoError):
    """A common AWS error, allowed in error injection for any operation."""

    default_message = "Rate exceeded"


class ServiceUnavailable(CognitoError):
    """A common AWS error, allowed in error injection for any operation."""

    status = 503
    default_message = "Service Unavailable"


# -- the model's error shapes --


class AccessDeniedException(CognitoError):
    """This exception is thrown when you don't have sufficient permissions to perform the..."""


class AliasExistsException(CognitoError):
    """This exception is thrown when a user tries to confirm the account with an email..."""


class CachedCIMDURLDoesNotExistException(CognitoError):
    """A client ID metadata document URL that the pool has not cached was named."""


class CodeDeliveryFailureException(CognitoError):
    """This exception is thrown when a verification code fails to deliver successfully."""


class CodeMismatchException(CognitoError):
    """This exception is thrown if the provided code doesn't match what the server was..."""


class ConcurrentModificationException(CognitoError):
    """This exception is thrown if two or more modifications are happening concurrently."""


class DeviceKeyExistsException(CognitoError):
    """This exception is thrown when a user attempts to confirm a device with a device key..."""


class DuplicateProviderException(CognitoError):
    """This exception is thrown when the provider is already supported by the user pool."""


class EnableSoftwareTokenMFAException(CognitoError):
    """This exception is thrown when there is a code mismatch and the service fails to..."""


class ExpiredCodeException(CognitoError):
    """This exception is thrown if a code has expired."""


class FeatureUnavailableInTierException(CognitoError):
    """This exception is thrown when a feature you attempted to configure isn't available..."""


class ForbiddenException(CognitoError):
    """This exception is thrown when WAF doesn't allow your request based on a web ACL..."""


class GroupExistsException(CognitoError):
    """This exception is thrown when Amazon Cognito encounters a group that already exists..."""


class InternalErrorException(CognitoError):
    """This exception is thrown when Amazon Cognito encounters an internal error."""

    status = 500
    default_message = "Internal server error."


class InternalServerException(CognitoError):
    """This exception is thrown when Amazon Cognito encounters an internal server error."""

    status = 500
    default_message = "Internal server error."


class InvalidEmailRoleAccessPolicyException(CognitoError):
    """This exception is thrown when Amazon Cognito isn't allowed to use your email identity."""


class InvalidLambdaResponseException(CognitoError):
    """This exception is thrown when Amazon Cognito encounters an invalid Lambda response."""


class InvalidOAuthFlowException(CognitoError):
    """This exception is thrown when the specified OAuth flow is not valid."""


class InvalidParameterException(CognitoError):
    """This exception is thrown when the Amazon Cognito service encounters an invalid parameter."""


class InvalidPasswordException(CognitoError):
    """This exception is thrown when Amazon Cognito encounters an invalid password."""


class InvalidSmsRoleAccessPolicyException(CognitoError):
    """This exception is returned when the role provided for SMS configuration doesn't have..."""


class InvalidSmsRoleTrustRelationshipException(CognitoError):
    """This exception is thrown when the trust relationship is not valid for the role..."""


class InvalidUserPoolConfigurationException(CognitoError):
    """This exception is thrown when the user pool configuration is not valid."""


class LimitExceededException(CognitoError):
    """This exception is thrown when a user exceeds the limit for a requested Amazon Web..."""


class MFAMethodNotFoundException(CognitoError):
    """This exception is thrown when Amazon Cognito can't find a multi-factor..."""


class ManagedLoginBrandingExistsException(CognitoError):
    """This exception is thrown when you attempt to apply a managed login branding style to..."""


class NotAuthorizedException(CognitoError):
    """This exception is thrown when a user isn't authorized."""


class OperationNotEnabledException(CognitoError):
    """The operation needs a feature that is not turned on for this pool or account."""


class PasswordHistoryPolicyViolationException(CognitoError):
    """The message returned when a user's new password matches a previous password and..."""


class PasswordResetRequiredException(CognitoError):
    """This exception is thrown when a password reset is required."""


class PreconditionNotMetException(CognitoError):
    """This exception is thrown when a precondition is not met."""


class RefreshTokenReuseException(CognitoError):
    """This exception is throw when your application requests token refresh with a refresh..."""


class ResourceNotFoundException(CognitoError):
    """This exception is thrown when the Amazon Cognito service can't find the requested..."""


class ScopeDoesNotExistException(CognitoError):
    """This exception is thrown when the specified scope doesn't exist."""


class ServiceQuotaExceededException(CognitoError):
    """A service quota (a provisioned limit, say) would be exceeded."""


class SoftwareTokenMFANotFoundException(CognitoError):
    """This exception is thrown when the software token time-based one-time password (TOTP)..."""


class TermsExistsException(CognitoError):
    """Terms document names must be unique to the app client."""


class TierChangeNotAllowedException(CognitoError):
    """This exception is thrown when you've attempted to change your feature plan but the..."""


class TooManyFailedAttemptsException(CognitoError):
    """This exception is thrown when the user has made too many failed attempts for a given..."""


class TooManyRequestsException(CognitoError):
    """This exception is thrown when the user has made too many requests for a given operation."""

    default_message = "Rate exceeded"


class UnauthorizedException(CognitoError):
    """Exception that is thrown when the request isn't authorized."""


class UnexpectedLambdaException(CognitoError):
    """This exception is thrown when Amazon Cognito encounters an unexpected exception with..."""


class UnsupportedIdentityProviderException(CognitoError):
    """This exception is thrown when the specified identifier isn't supported."""


class UnsupportedOperationException(CognitoError):
    """Exception that is thrown when you attempt to perform an operation that isn't enabled..."""


class UnsupportedTokenTypeException(CognitoError):
    """Exception that is thrown when an unsupported token is passed to an operation."""


class UnsupportedUserStateException(CognitoError):
    """The request failed because the user is in an unsupported state."""


class UserImportInProgressException(CognitoError):
    """This exception is thrown when you're trying to modify a user pool while a user..."""


class UserLambdaValidationException(CognitoError):
    """This exception is thrown when the Amazon Cognito service encounters a user..."""


class UserNotConfirmedException(CognitoError):
    """This exception is thrown when a user isn't confirmed successfully."""


class UserNotFoundException(CognitoError):
    """This exception is thrown when a user isn't found."""


class UserPoolAddOnNotEnabledException(CognitoError):
    """This exception is thrown when user pool add-ons aren't enabled."""


class UserPoolTaggingException(CognitoError):
    """This exception is thrown when a user pool tag can't be set or updated."""


class UsernameExistsException(CognitoError):
    """This exception is thrown when Amazon Cognito encounters a user name that already..."""


class WebAuthnChallengeNotFoundException(CognitoError):
    """This exception is thrown when the challenge from StartWebAuthn registration has expired."""


class WebAuthnClientMismatchException(CognitoError):
    """This exception is thrown when the access token is for a different client than the..."""


class WebAuthnConfigurationMissingException(CognitoError):
    """This exception is thrown when a user pool doesn't have a configured relying party id..."""


class WebAuthnCredentialNotSupportedException(CognitoError):
    """This exception is thrown when a user presents passkey credentials from an..."""


class WebAuthnNotEnabledException(CognitoError):
    """This exception is thrown when the passkey feature isn't enabled for the user pool."""


class WebAuthnOriginNotAllowedException(CognitoError):
    """This exception is thrown when the passkey credential's registration origin does not..."""


class WebAuthnRelyingPartyMismatchException(CognitoError):
    """This exception is thrown when the given passkey credential is associated with a..."""


#: Errors any operation may answer, beside the ones its model lists.
COMMON_ERRORS: frozenset[str] = frozenset(
    {
        "ThrottlingException",
        "ServiceUnavailable",
        "InternalErrorException",
        "MissingAuthenticationTokenException",
    }
)


def error_class(name: str) -> type[CognitoError] | None:
    """The error class called ``name``, or None."""
    obj = globals().get(name)
    if isinstance(obj, type) and issubclass(obj, CognitoError):
        return obj
    return None
