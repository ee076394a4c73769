"""HTTP: the WSGI app (one route map), the JSON 1.1 protocol, the server, the in-process
transport boto3 can use instead of a socket, and the interception that answers the AWS host
names of the fake's pools in the test process (``intercept``, host patterns in ``aws_hosts``)."""
