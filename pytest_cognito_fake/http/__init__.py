"""HTTP: the WSGI app (one route map), the JSON 1.1 protocol, the server, the in-process
transport boto3 can use instead of a socket."""
