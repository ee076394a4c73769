"""Lambda triggers as plain Python callables.

A test registers a callable for a pool and a trigger name (``pool.on("PreSignUp", fn)``) or for
a Lambda ARN (``cognito_fake.lambda_function(arn, fn)``, used where the pool's ``LambdaConfig``
names that ARN). The callable gets the event AWS would send the Lambda and returns it with
``response`` filled, like a handler: ``fn(event)`` or ``fn(event, context)``. Registrations live
in the service's ``Lambdas`` (code is kept out of the state), reset with the state.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from ..context import Ctx, Lambdas, Trigger
from ..errors import InvalidLambdaResponseException, UserLambdaValidationException
from ..state.store import State, User, UserPool

#: The triggers a pool can run (LambdaConfig members the fake calls).
NAMES = (
    "PreSignUp",
    "CustomMessage",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "PreTokenGeneration",
    "UserMigration",
)


@dataclass
class LambdaContext:
    """The few members of a Lambda context object a handler commonly reads."""

    function_name: str
    aws_request_id: str
    invoked_function_arn: str = ""
    memory_limit_in_mb: int = 128

    def get_remaining_time_in_millis(self) -> int:
        return 5000  # AWS gives triggers five seconds


def _check_name(name: str) -> None:
    if name not in NAMES:
        raise ValueError(f"Unknown trigger {name!r}; one of: {', '.join(NAMES)}")


def register(lambdas: Lambdas, pool_id: str, name: str, fn: Trigger) -> None:
    """Make ``fn`` pool ``pool_id``'s trigger ``name`` (active even without LambdaConfig)."""
    _check_name(name)
    lambdas.by_pool.setdefault(pool_id, {})[name] = fn


def register_arn(lambdas: Lambdas, arn: str, fn: Trigger) -> None:
    """Make ``fn`` the code of Lambda ``arn`` (runs where a LambdaConfig names the ARN)."""
    lambdas.by_arn[arn] = fn


def configured_arn(pool: UserPool, name: str) -> str | None:
    config = pool.settings.get("LambdaConfig") or {}
    if name == "PreTokenGeneration":
        arn = (config.get("PreTokenGenerationConfig") or {}).get("LambdaArn")
        return arn or config.get("PreTokenGeneration")
    value = config.get(name)
    return value if isinstance(value, str) else None


def _echo(event: dict[str, Any]) -> dict[str, Any]:
    """A configured Lambda no test gave code for: it answers the event unchanged."""
    return event


def find(ctx: Ctx, pool: UserPool, name: str) -> Trigger | None:
    """The callable of trigger ``name``: registered for the pool, else the code of the ARN the
    LambdaConfig names (an ARN without code echoes the event); None when not configured."""
    registered = ctx.lambdas.by_pool.get(pool.pool_id, {})
    if name in registered:
        return registered[name]
    arn = configured_arn(pool, name)
    if arn is None:
        return None
    found: Trigger = ctx.lambdas.by_arn.get(arn, _echo)
    return found


def is_active(ctx: Ctx, pool: UserPool, name: str) -> bool:
    return find(ctx, pool, name) is not None


def event_attributes(user: User) -> dict[str, str]:
    """``request.userAttributes`` of an existing user (with sub and cognito:user_status)."""
    return {"sub": user.sub, **user.attributes, "cognito:user_status": user.status}


def pre_token_version(pool: UserPool) -> str:
    config = (pool.settings.get("LambdaConfig") or {}).get("PreTokenGenerationConfig") or {}
    return str(config.get("LambdaVersion", "V1_0"))


def _call(fn: Trigger, event: dict[str, Any], context: LambdaContext) -> Any:
    try:
        params = inspect.signature(fn).parameters.values()
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        takes_context = len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)
    except (TypeError, ValueError):
        takes_context = False
    return fn(event, context) if takes_context else fn(event)


def invoke(
    state: State,
    pool: UserPool,
    ctx: Ctx,
    name: str,
    source: str,
    username: str,
    request: dict[str, Any],
    *,
    client_id: str | None = None,
    response: dict[str, Any] | None = None,
    version: str = "1",
) -> dict[str, Any] | None:
    """Run trigger ``name`` if the pool has one; its ``response`` (None when none ran).

    A raising callable fails the call as AWS does: UserLambdaValidationException
    "<Trigger> failed with error <message>."."""
    fn = find(ctx, pool, name)
    if fn is None:
        return None
    event: dict[str, Any] = {
        "version": version,
        "triggerSource": source,
        "region": ctx.region,
        "userPoolId": pool.pool_id,
        "userName": username,
        "callerContext": {
            "awsSdkVersion": "aws-sdk-unknown-unknown",
            "clientId": client_id or "CLIENT_ID_NOT_APPLICABLE",
        },
        "request": request,
        "response": dict(response or {}),
    }
    context = LambdaContext(name, ctx.request_id, configured_arn(pool, name) or "")
    try:
        result = _call(fn, event, context)
    except Exception as exc:  # any error of the Lambda is the user's
        raise UserLambdaValidationException(f"{name} failed with error {exc}.") from exc
    # A handler must return the event, as a Lambda must: None (an in-place edit without
    # ``return event``) is an invalid response on AWS too.
    if not isinstance(result, dict) or not isinstance(result.get("response", {}), dict):
        raise InvalidLambdaResponseException("Invalid lambda response received")
    return result.get("response") or {}
