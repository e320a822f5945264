#!/usr/bin/env python3
"""Runs aws_dynamodb_tests against real servers it starts on free loopback ports, then reads
back with boto3 (an independent client) what the tests wrote.

  run_servers.py dynalite  BIN ...  dynalite (npm), Lambda-like env credentials with a session token
  run_servers.py moto_iam  BIN ...  moto_server with INITIAL_NO_AUTH_ACTION_COUNT: an IAM user whose
                                    policy allows only the store's actions; the test signs as it
  run_servers.py tls       BIN ...  dynalite behind a loopback TLS proxy with a test CA (openssl)

Every server is stopped by its PID. A missing tool fails the test and says which. The servers,
the test CA and the TLS proxy come from ../loopback_servers.py (shared with the aws.package tests).
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import threading
import http.server

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from loopback_servers import (FAKE_SECRET, TlsProxy, clean_env, fail, make_test_ca,  # noqa: E402
                              start_dynalite, start_moto)

READBACK = {"alice", "Zo\u00eb", "O'Brien \"q\"", "\u5019\u9009\u4eba", "a/b?c#d%20e&f=g",
            "bob smith"}


def base_env():
    env = clean_env()
    env["AWS_REGION"] = "us-east-1"
    env["CANDIDATES_TABLE"] = "Candidates"
    return env


def dynalite(args, workdir):
    if not args.node or not shutil.which(args.node):
        fail("node was not found (install nodejs; CMake looked for it as FLASKY_NODE)")
    return start_dynalite(workdir, node=args.node, cli=args.dynalite)


def boto3_client(endpoint, key, secret, token=None):
    try:
        import boto3
    except ImportError:
        fail(f"boto3 is not importable by {sys.executable} (needed to read back)")
    return boto3.client("dynamodb", region_name="us-east-1", endpoint_url=endpoint,
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        aws_session_token=token)


def read_back(client, table, expected):
    names, start = set(), None
    while True:
        kwargs = {"TableName": table, "ConsistentRead": True}
        if start:
            kwargs["ExclusiveStartKey"] = start
        page = client.scan(**kwargs)
        for item in page["Items"]:
            if set(item) != {"CandidateName"} or set(item["CandidateName"]) != {"S"}:
                fail(f"boto3 read an item of unexpected shape from {table}: {item}")
            names.add(item["CandidateName"]["S"])
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    if names != expected:
        fail(f"boto3 read {sorted(names)} from {table}, expected {sorted(expected)}")
    print(f"run_servers.py: boto3 read back {len(names)} items from {table}, as written")


def run_tests(binary, tag, env):
    print(f"run_servers.py: {binary} {tag}", flush=True)
    return subprocess.run([binary, tag], env=env).returncode


def mode_dynalite(args, workdir):
    server = dynalite(args, workdir)
    try:
        endpoint = server.endpoint
        env = base_env()
        env.update({"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
                    "AWS_SESSION_TOKEN": "EXAMPLE-session-token",
                    "AWS_ENDPOINT_URL_DYNAMODB": endpoint, "FLASKY_TEST_CREATE_TABLE": "1"})
        rc = run_tests(args.binary, "[dynalite]", env)
        read_back(boto3_client(endpoint, "AKIDEXAMPLE", FAKE_SECRET), "Candidates", READBACK)
        return rc
    finally:
        server.stop()


class CredentialsHandler(http.server.BaseHTTPRequestHandler):
    credentials = {}
    token = ""

    def do_GET(self):
        if self.path != "/creds" or self.headers.get("Authorization") != self.token:
            self.send_response(403)
            self.end_headers()
            return
        body = json.dumps(self.credentials).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def mode_moto_iam(args, workdir):
    try:
        import boto3  # noqa: F401
        import moto  # noqa: F401
    except ImportError as e:
        fail(f"{sys.executable} cannot import {e.name}: moto_server and boto3 are needed")
    tables = 12
    # Unauthenticated actions: 4 IAM calls + the tables. After that every call must be signed
    # by a known key and allowed by its user's policies.
    no_auth = 7 + 1 + tables
    moto = start_moto(workdir, [sys.executable, "-m", "moto.server"], no_auth, os.environ)
    server = None
    try:
        endpoint = moto.endpoint
        import boto3
        iam = boto3.client("iam", region_name="us-east-1", endpoint_url=endpoint,
                           aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
        iam.create_user(UserName="flasky-store")
        key = iam.create_access_key(UserName="flasky-store")["AccessKey"]
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan",
                       "dynamodb:DescribeTable"],
            # moto evaluates every DynamoDB action against the resource "*" (it does not match
            # table ARNs), so the policy limits actions only; deployments name the table's ARN.
            "Resource": "*"}]}
        arn = iam.create_policy(PolicyName="flasky-store-table",
                                PolicyDocument=json.dumps(policy))["Policy"]["Arn"]
        iam.attach_user_policy(UserName="flasky-store", PolicyArn=arn)
        # A role with the same policy, assumed: temporary credentials with a session token, as
        # Lambda gives its functions (moto checks the token and the role's policy).
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "sts:AssumeRole"}]}
        iam.create_role(RoleName="flasky-store-role", AssumeRolePolicyDocument=json.dumps(trust))
        iam.attach_role_policy(RoleName="flasky-store-role", PolicyArn=arn)
        sts = boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint,
                           aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
        role = sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/flasky-store-role",
                               RoleSessionName="flasky-test")["Credentials"]
        admin = boto3_client(endpoint, "AKIDEXAMPLE", "x")
        names = ["Candidates"] + [f"Candidates-conf-{i}" for i in range(tables)]
        for name in names:
            admin.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                               AttributeDefinitions=[{"AttributeName": "CandidateName",
                                                      "AttributeType": "S"}],
                               KeySchema=[{"AttributeName": "CandidateName", "KeyType": "HASH"}])
        # From now on moto checks signatures and policies: an unknown key must be refused.
        try:
            admin.describe_table(TableName="Candidates")
            fail("moto_server accepted an unknown key after the unauthenticated actions")
        except Exception as e:  # botocore.exceptions.ClientError
            print(f"run_servers.py: moto refuses an unknown key: {e}")

        CredentialsHandler.credentials = {
            "AccessKeyId": role["AccessKeyId"], "SecretAccessKey": role["SecretAccessKey"],
            "Token": role["SessionToken"],
            "Expiration": (datetime.datetime.now(datetime.timezone.utc) +
                           datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
        CredentialsHandler.token = "container-token-EXAMPLE"
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CredentialsHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()

        env = base_env()
        env.update({"AWS_ACCESS_KEY_ID": key["AccessKeyId"],
                    "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
                    "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
                    "FLASKY_TEST_TABLE_PREFIX": "Candidates-conf-",
                    "FLASKY_TEST_TABLE_COUNT": str(tables),
                    "FLASKY_TEST_CONTAINER_URI": f"http://127.0.0.1:{server.server_port}/creds",
                    "FLASKY_TEST_CONTAINER_TOKEN": CredentialsHandler.token,
                    "FLASKY_TEST_ROLE_KEY": role["AccessKeyId"],
                    "FLASKY_TEST_ROLE_SECRET": role["SecretAccessKey"],
                    "FLASKY_TEST_ROLE_TOKEN": role["SessionToken"]})
        rc = run_tests(args.binary, "[moto]", env)
        user = boto3_client(endpoint, key["AccessKeyId"], key["SecretAccessKey"])
        read_back(user, "Candidates", READBACK | {"from-container", "from-session"})
        return rc
    finally:
        if server:
            server.shutdown()
        moto.stop()


def mode_tls(args, workdir):
    certs = make_test_ca(workdir, names=("IP:127.0.0.1",), ca_dir=True)
    server = dynalite(args, workdir)
    port = server.port
    proxy = None
    try:
        count_file = os.path.join(workdir, "connections.txt")
        proxy = TlsProxy(certs.cert, certs.key, port, count_file)
        tls_port = proxy.port
        env = base_env()
        env.update({"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
                    "AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{port}",
                    "SSL_CERT_FILE": certs.ca, "FLASKY_TEST_TLS_URL": f"https://127.0.0.1:{tls_port}",
                    "FLASKY_TEST_OTHER_CA_FILE": certs.other_ca,
                    "FLASKY_TEST_CA_DIR": certs.ca_dir,
                    "FLASKY_TEST_PROXY_COUNT_FILE": count_file})
        rc = run_tests(args.binary, "[tls]", env)
        read_back(boto3_client(f"http://127.0.0.1:{port}", "AKIDEXAMPLE", FAKE_SECRET), "tls",
                  {f"tls{i}" for i in range(10)})
        return rc
    finally:
        if proxy:
            proxy.stop()
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["dynalite", "moto_iam", "tls"])
    parser.add_argument("binary")
    parser.add_argument("--node", default="node")
    parser.add_argument("--dynalite", required=True)
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    mode = {"dynalite": mode_dynalite, "moto_iam": mode_moto_iam, "tls": mode_tls}[args.mode]
    rc = mode(args, args.workdir)
    if rc != 0:
        fail(f"the test program failed (status {rc})")
    print("run_servers.py: passed")


if __name__ == "__main__":
    main()
