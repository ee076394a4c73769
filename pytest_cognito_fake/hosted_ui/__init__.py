"""The hosted UI and OAuth 2.0 endpoints: ``/oauth2/authorize``, ``/login``, ``/logout``,
``/oauth2/token``, ``/oauth2/userInfo``, ``/oauth2/revoke`` and the ``cognito`` session cookie.

``routes`` registers the views with the app; ``agent.HostedUI`` is the test-side user agent
that ``CognitoFake.hosted_ui(app_client)`` returns.
"""
