#!/usr/bin/env python3
"""Calls the deployed candidate API with a SigV4-signed request (the HTTP API requires IAM
authorization), signed by botocore with the caller's usual AWS credentials (environment,
~/.aws/credentials, SSO ...).

  ./call.py <api url> GET /gtg?details
  ./call.py <api url> POST /candidate/alice
  ./call.py <api url> GET /candidates

The caller needs execute-api:Invoke on the API (Terraform output invoke_policy_arn_pattern).
Prints the status line and the body; exits 0 for a 2xx answer, 1 otherwise.
"""
import sys
import urllib.error
import urllib.request

try:
    import botocore.session
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
except ImportError:
    sys.exit("call.py needs botocore (pip install botocore, or the aws CLI's Python)")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    base, method, target = sys.argv[1].rstrip("/"), sys.argv[2].upper(), sys.argv[3]
    url = base + target
    session = botocore.session.get_session()
    credentials = session.get_credentials()
    if credentials is None:
        sys.exit("no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
    region = session.get_config_variable("region")
    if not region:
        # The region is in the API's host name: <id>.execute-api.<region>.amazonaws.com
        host = url.split("/")[2]
        region = host.split(".")[2] if ".execute-api." in host else "us-east-1"
    request = AWSRequest(method=method, url=url, data=b"")
    SigV4Auth(credentials.get_frozen_credentials(), "execute-api", region).add_auth(request)
    prepared = urllib.request.Request(url, method=method, headers=dict(request.headers.items()),
                                      data=None if method in ("GET", "HEAD") else b"")
    try:
        with urllib.request.urlopen(prepared, timeout=30) as answer:
            print(answer.status, answer.reason)
            print(answer.read().decode("utf-8", "replace"))
            return 0
    except urllib.error.HTTPError as answer:
        print(answer.code, answer.reason)
        print(answer.read().decode("utf-8", "replace"))
        return 1


sys.exit(main())
