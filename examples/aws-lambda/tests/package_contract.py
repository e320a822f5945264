#!/usr/bin/env python3
"""The whole candidate contract on the PACKAGED static bootstrap, run by @vercel/fun (a real
Lambda Runtime API) through tests/aws/runtime/fun_contract.mjs, with a real DynamoDB emulator:

  dynalite   dynalite (npm) with the Candidates table made by the aws CLI; fake AKIDEXAMPLE
             credentials with a session token, as Lambda gives them. The aws CLI reads the
             stored candidates back afterwards.
  moto_iam   moto_server checking SigV4 signatures and IAM policies: the function signs as an IAM
             user whose only policy allows the deployment role's DynamoDB actions, read from
             terraform/main.tf (and checked to be the ones in template.yaml). So the contract
             passing means the least-privilege role is enough; then the same user is refused
             DeleteItem (the policy is enforced, not ignored). moto checks DynamoDB calls
             against the resource "*" only, so the policy names Resource "*" here; that both
             deployment files scope the statement to the table's ARN is checked on their text.

usage: package_contract.py dynalite|moto_iam <bootstrap> <fun_contract.mjs>
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "aws"))
import loopback_servers as servers  # noqa: E402

DIALECTS = ["rest_v1", "http_api_v2", "alb", "alb_multi_value", "function_url"]
LAMBDA_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def deployment_actions():
    """The DynamoDB actions the deployment role allows, from Terraform and SAM (must agree)."""
    with open(os.path.join(LAMBDA_DIR, "terraform", "main.tf")) as f:
        terraform = sorted(set(re.findall(r'"(dynamodb:\w+)"', f.read())))
    with open(os.path.join(LAMBDA_DIR, "template.yaml")) as f:
        sam = sorted(set(re.findall(r"(dynamodb:\w+)", f.read())))
    if not terraform or terraform != sam:
        servers.fail(f"the role's DynamoDB actions differ: Terraform {terraform}, SAM {sam}")
    with open(os.path.join(LAMBDA_DIR, "terraform", "main.tf")) as f:
        if "resources = [aws_dynamodb_table.candidates.arn]" not in f.read():
            servers.fail("terraform/main.tf: the DynamoDB statement is not scoped to the table's ARN")
    with open(os.path.join(LAMBDA_DIR, "template.yaml")) as f:
        if "Resource: !GetAtt CandidatesTable.Arn" not in f.read():
            servers.fail("template.yaml: the DynamoDB statement is not scoped to the table's ARN")
    print(f"the deployment role allows {terraform} on the Candidates table only")
    return terraform


def run_contract(bootstrap, harness, variables):
    node = servers.need("node", "Node.js runs @vercel/fun")
    argv = [node, harness, bootstrap] + [f"{k}={v}" for k, v in variables.items()]
    print("$ node fun_contract.mjs <packaged bootstrap> " +
          " ".join(f"{k}={v}" for k, v in variables.items() if "SECRET" not in k), flush=True)
    return subprocess.run(argv, env=servers.clean_env(), timeout=240).returncode


def check_stored(names):
    print(f"read back: {names}")
    missing = [d for d in DIALECTS if f"cand-{d}" not in names]
    if missing:
        servers.fail(f"the store lacks the candidates of {missing}")


def mode_dynalite(bootstrap, harness, work):
    dynalite = servers.start_dynalite(work)
    try:
        servers.create_candidates_table(dynalite.endpoint)
        rc = run_contract(bootstrap, harness, {
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": servers.FAKE_SECRET, 
            "AWS_ENDPOINT_URL_DYNAMODB": dynalite.endpoint, "CANDIDATES_TABLE": "Candidates"})
        if rc != 0:
            servers.fail(f"fun_contract.mjs failed (exit {rc})")
        check_stored(servers.scan_names(dynalite.endpoint))
    finally:
        dynalite.stop()


def mode_moto_iam(bootstrap, harness, work):
    actions = deployment_actions()
    moto = servers.need("moto_server", "moto checks SigV4 and IAM policies; it comes preinstalled")
    # Unauthenticated: create-user, create-access-key, create-policy, attach-user-policy,
    # create-table. Every later call must be signed by a known key and allowed by its policies.
    server = servers.start_moto(work, [moto], 5, servers.clean_env())
    endpoint = server.endpoint
    try:
        servers.aws_cli(endpoint, "iam", "create-user", "--user-name", "flasky-lambda")
        key = json.loads(servers.aws_cli(endpoint, "iam", "create-access-key", "--user-name",
                                         "flasky-lambda"))["AccessKey"]
        policy = {"Version": "2012-10-17", "Statement": [
            {"Sid": "CandidatesTable", "Effect": "Allow", "Action": actions, "Resource": "*"}]}
        print(f"the function's policy: {json.dumps(policy)}")
        arn = json.loads(servers.aws_cli(endpoint, "iam", "create-policy", "--policy-name",
                                         "flasky-lambda", "--policy-document",
                                         json.dumps(policy)))["Policy"]["Arn"]
        servers.aws_cli(endpoint, "iam", "attach-user-policy", "--user-name", "flasky-lambda",
                        "--policy-arn", arn)
        servers.create_candidates_table(endpoint, wait=False)  # a wait would be a 6th action
        rc = run_contract(bootstrap, harness, {
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"], "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            "CANDIDATES_TABLE": "Candidates"})
        if rc != 0:
            servers.fail(f"fun_contract.mjs failed (exit {rc}) with the least-privilege policy")
        user_env = dict(servers.admin_env(), AWS_ACCESS_KEY_ID=key["AccessKeyId"],
                        AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
        check_stored(servers.scan_names(endpoint, env=user_env))
        aws = servers.need("aws", "the aws CLI")
        denied = subprocess.run([aws, "--endpoint-url", endpoint, "dynamodb", "delete-item",
                                 "--table-name", "Candidates", "--key",
                                 '{"CandidateName":{"S":"cand-alb"}}'],
                                env=user_env, capture_output=True, text=True, timeout=60)
        print(f"DeleteItem as the function's user: exit {denied.returncode}, {denied.stderr.strip()}")
        if denied.returncode == 0 or "AccessDenied" not in denied.stderr:
            servers.fail("moto_server let the function's user call DeleteItem: the policy is not enforced")
    finally:
        server.stop()


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("dynalite", "moto_iam"):
        sys.exit(__doc__)
    mode, bootstrap, harness = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    with tempfile.TemporaryDirectory() as work:
        (mode_dynalite if mode == "dynalite" else mode_moto_iam)(bootstrap, harness, work)
    print("ok")


main()
