"""The hosted UI and OAuth 2.0 endpoints: ``/oauth2/authorize``, ``/login`` (with the
new-password and MFA pages: codes, the MFA choice, software-token setup), ``/signup``,
``/confirmUser``, ``/forgotPassword``, ``/confirmForgotPassword``, ``/logout``,
``/oauth2/token``, ``/oauth2/userInfo``, ``/oauth2/revoke``, the ``cognito`` session cookie,
and federated sign-in through a simulated identity provider (``federation``).

``routes`` lists the pages for the app's route map (``flow`` holds what the pages share,
``selfservice`` the sign-up and password-reset pages, ``accounts`` their API calls);
``agent.HostedUI`` is the test-side user agent that ``CognitoFake.hosted_ui(app_client)``
returns.
"""
