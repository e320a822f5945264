#!/usr/bin/env node
// The candidate API contract through a real Lambda Runtime API: @vercel/fun runs a `provided`
// runtime `bootstrap` (it starts the program with AWS_LAMBDA_RUNTIME_API pointing at its own
// Runtime API server, hands it events, and keeps it warm between invocations) and this harness
// invokes it with REST (1.0), HTTP API (2.0), ALB (single and multi-value) and Function URL
// events.
//
//   node fun_contract.mjs <bootstrap> [--test-routes] [KEY=VALUE ...]
//
// <bootstrap>    the program to run (any name; it is linked as `bootstrap` in a temporary code
//                directory)
// --test-routes  also check the /_test/ routes of tests/aws/runtime/runtime_bootstrap.cpp
//                (handler exceptions, invocation data, require_iam) and an init error
// KEY=VALUE      environment variables for the function (a store's table and endpoint, ...)
//
// Checked for every dialect: GET /gtg, /gtg?details (instance-id = the function's
// AWS_LAMBDA_LOG_STREAM_NAME, the same for every call: one warm process), POST and GET
// /candidate/<name> (plain and percent-encoded UTF-8 names), GET /candidates, 404s, 405 with
// Allow, HEAD, OPTIONS, bad names (.., NUL, too long: 404 and nothing stored). Then a malformed
// and an unknown event: each is an invocation error (Runtime.MalformedEvent /
// Runtime.UnknownEventShape, message without the event's content) and the next invocation is
// answered by the same process. The store must start empty (GET /candidates is 404 first).
// Exit code 0 when every check passed; one line per failed check on stderr.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const emulators = resolve(here, '../../emulators');
const fixtures = resolve(here, '../../fixtures');

// ---- arguments ---------------------------------------------------------------------------------
const args = process.argv.slice(2);
if (args.length < 1 || args[0].startsWith('-')) {
  console.error('usage: node fun_contract.mjs <bootstrap> [--test-routes] [KEY=VALUE ...]');
  process.exit(2);
}
const bootstrap = resolve(args[0]);
const testRoutes = args.includes('--test-routes');
const variables = {};
for (const arg of args.slice(1)) {
  if (arg === '--test-routes') continue;
  const eq = arg.indexOf('=');
  if (eq <= 0) {
    console.error(`fun_contract: not KEY=VALUE: ${arg}`);
    process.exit(2);
  }
  variables[arg.slice(0, eq)] = arg.slice(eq + 1);
}
// @vercel/fun refuses AWS_REGION and the key pair as variables: it sets them itself from
// createFunction's Region, AccessKeyId and SecretAccessKey (and cannot set AWS_SESSION_TOKEN).
const funParams = {};
for (const [name, param] of [['AWS_REGION', 'Region'], ['AWS_ACCESS_KEY_ID', 'AccessKeyId'],
                             ['AWS_SECRET_ACCESS_KEY', 'SecretAccessKey']]) {
  if (name in variables) {
    funParams[param] = variables[name];
    delete variables[name];
  }
}
if (!existsSync(bootstrap)) {
  console.error(`fun_contract: no bootstrap at ${bootstrap}`);
  process.exit(2);
}

// fun keeps a cache of its runtimes under XDG_CACHE_HOME; a temporary one keeps $HOME clean.
const scratch = mkdtempSync(join(tmpdir(), 'flasky-fun-'));
process.env.XDG_CACHE_HOME = join(scratch, 'cache');
const require = createRequire(join(emulators, 'package.json'));
let fun;
try {
  fun = require('@vercel/fun');
} catch (err) {
  console.error(`fun_contract: cannot load @vercel/fun from ${emulators}/node_modules ` +
                `(run scripts/setup.sh, which runs npm ci there): ${err.message}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}

// ---- checks ------------------------------------------------------------------------------------
let passed = 0;
const failures = [];
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
  } else {
    failures.push(name);
    console.error(`FAIL ${name}${detail ? ': ' + detail : ''}`);
  }
  return ok;
}
function equal(name, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return check(name, a === e, `got ${a}, expected ${e}`);
}

// ---- events ------------------------------------------------------------------------------------
const DIALECTS = ['rest_v1', 'http_api_v2', 'alb', 'alb_multi_value', 'function_url'];

function splitTarget(target) {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  const pairs = query === '' ? [] : query.split('&').map((item) => {
    const eq = item.indexOf('=');
    return eq < 0 ? [item, ''] : [item.slice(0, eq), item.slice(eq + 1)];
  });
  return { path, query, pairs };
}

// What each service does with percent-encoding: API Gateway 2.0 and Function URLs decode the
// path (rawPath), REST and ALB pass it as sent; REST decodes query parameters, ALB does not.
function decodePath(path) {
  return path.split('/').map((segment) => decodeURIComponent(segment)).join('/');
}

function singleAndMulti(pairs, decode) {
  if (pairs.length === 0) return [null, null];
  const single = {};
  const multi = {};
  for (const [k, v] of pairs) {
    const key = decode ? decodeURIComponent(k) : k;
    const value = decode ? decodeURIComponent(v) : v;
    single[key] = value;
    (multi[key] ||= []).push(value);
  }
  return [single, multi];
}

let counter = 0;
function makeEvent(dialect, method, target, { body = null, headers = {}, identity = null } = {}) {
  const { path, query, pairs } = splitTarget(target);
  counter += 1;
  const requestId = `req-${counter}-${randomUUID()}`;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  switch (dialect) {
    case 'rest_v1': {
      const [single, multi] = singleAndMulti(pairs, true);
      const allHeaders = { Host: 'k3x9q2w7ab.execute-api.eu-west-1.amazonaws.com', ...headers };
      return {
        resource: '/{proxy+}', path, httpMethod: method,
        headers: allHeaders,
        multiValueHeaders: Object.fromEntries(Object.entries(allHeaders).map(([k, v]) => [k, [v]])),
        queryStringParameters: single, multiValueQueryStringParameters: multi,
        pathParameters: null, stageVariables: null,
        requestContext: {
          accountId: '210987654321', apiId: 'k3x9q2w7ab', httpMethod: method,
          path: `/test${path}`, protocol: 'HTTP/1.1', requestId, resourcePath: '/{proxy+}',
          stage: 'test',
          identity: identity || { sourceIp: '198.51.100.7', userAgent: 'fun-contract' },
        },
        body, isBase64Encoded: false,
      };
    }
    case 'http_api_v2':
    case 'function_url': {
      const url = dialect === 'function_url';
      const domain = url ? 'q7r2s9t4u6v8w1x3y5z0abcdefghijkl.lambda-url.eu-west-1.on.aws'
                         : 'p8w2m4n6ab.execute-api.eu-west-1.amazonaws.com';
      const event = {
        version: '2.0', routeKey: url ? '$default' : `${method} /{proxy+}`,
        rawPath: decodePath(path), rawQueryString: query,
        headers: { host: domain, ...lower },
        requestContext: {
          accountId: url ? 'anonymous' : '210987654321', apiId: domain.split('.')[0],
          domainName: domain, domainPrefix: domain.split('.')[0],
          http: { method, path: decodePath(path), protocol: 'HTTP/1.1', sourceIp: '198.51.100.7',
                  userAgent: 'fun-contract' },
          requestId, routeKey: url ? '$default' : `${method} /{proxy+}`, stage: '$default',
          time: '23/Nov/2026:20:00:00 +0000', timeEpoch: 1763928000000,
        },
        isBase64Encoded: false,
      };
      if (identity) event.requestContext.authorizer = { iam: identity };
      if (body !== null) event.body = body;
      return event;
    }
    case 'alb':
    case 'alb_multi_value': {
      const [single, multi] = singleAndMulti(pairs, false);
      const allHeaders = { host: 'flasky-alb-1234567890.eu-west-1.elb.amazonaws.com', ...lower };
      const event = {
        requestContext: { elb: { targetGroupArn:
          'arn:aws:elasticloadbalancing:eu-west-1:210987654321:targetgroup/flasky-tg/0a1b2c3d4e5f6a7b' } },
        httpMethod: method, path, body: body ?? '', isBase64Encoded: false,
      };
      if (dialect === 'alb') {
        event.queryStringParameters = single || {};
        event.headers = allHeaders;
      } else {
        event.multiValueQueryStringParameters = multi || {};
        event.multiValueHeaders = Object.fromEntries(
          Object.entries(allHeaders).map(([k, v]) => [k, [v]]));
      }
      return event;
    }
    default:
      throw new Error(`unknown dialect ${dialect}`);
  }
}

// ---- invoking ----------------------------------------------------------------------------------
const INVOKE_TIMEOUT_MS = 20000;

async function invokeRaw(fn, payloadText) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${INVOKE_TIMEOUT_MS} ms`)),
                       INVOKE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([fn.invoke({ Payload: payloadText }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The HTTP answer an event got: { status, headers (lower-case names), body, raw } or
// { functionError, payload } for an invocation error.
async function call(fn, dialect, method, target, options = {}) {
  const result = await invokeRaw(fn, JSON.stringify(makeEvent(dialect, method, target, options)));
  const payload = JSON.parse(String(result.Payload));
  if (result.FunctionError) return { functionError: result.FunctionError, payload };
  const headers = {};
  for (const [k, v] of Object.entries(payload.headers || {})) headers[k.toLowerCase()] = String(v);
  for (const [k, v] of Object.entries(payload.multiValueHeaders || {}))
    headers[k.toLowerCase()] = v.join(', ');
  let body = payload.body ?? '';
  if (payload.isBase64Encoded) body = Buffer.from(body, 'base64').toString('utf8');
  return { status: payload.statusCode, headers, body, raw: payload };
}

const allowSet = (value) => new Set((value || '').split(',').map((s) => s.trim()).filter(Boolean));
const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
const ALLOW_CANDIDATE = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
const ALLOW_CANDIDATES = new Set(['GET', 'HEAD', 'OPTIONS']);
const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json';

const instanceIds = new Set();
async function checkGtg(fn, dialect, label) {
  const plain = await call(fn, dialect, 'GET', '/gtg');
  equal(`${label} GET /gtg`, [plain.status, plain.body], [200, '']);
  const details = await call(fn, dialect, 'GET', '/gtg?details');
  equal(`${label} GET /gtg?details status and type`, [details.status, details.headers['content-type']],
        [200, JSON_TYPE]);
  let parsed = {};
  try { parsed = JSON.parse(details.body); } catch { /* checked below */ }
  equal(`${label} /gtg?details connected`, parsed.connected, 'true');
  check(`${label} /gtg?details instance-id is the log stream`,
        /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/.test(parsed['instance-id'] || ''),
        `got ${JSON.stringify(parsed['instance-id'])}`);
  instanceIds.add(parsed['instance-id']);
  const withValue = await call(fn, dialect, 'GET', '/gtg?details=yes&x=1');
  equal(`${label} /gtg?details=yes&x=1 instance-id`,
        JSON.parse(withValue.body || '{}')['instance-id'], parsed['instance-id']);
}

async function contract(fn, dialect) {
  const label = `[${dialect}]`;
  const name = `cand-${dialect}`;
  const unicodeName = `Zoë Smith ${dialect}`;
  const unicodeTarget = `/candidate/${encodeURIComponent(unicodeName)}`;

  await checkGtg(fn, dialect, label);

  let r = await call(fn, dialect, 'GET', `/candidate/${name}`);
  equal(`${label} GET unknown candidate`, [r.status, r.body, r.headers['content-type']],
        [404, 'Not Found', TEXT]);

  r = await call(fn, dialect, 'POST', `/candidate/${name}`);
  equal(`${label} POST /candidate/<name>`, [r.status, r.headers['content-type'], r.body],
        [200, JSON_TYPE, JSON.stringify({ CandidateName: name })]);
  r = await call(fn, dialect, 'POST', `/candidate/${name}`,
                 { body: '{"x":1}', headers: { 'Content-Type': 'application/json' } });
  equal(`${label} POST again with a body (an update)`, [r.status, r.body],
        [200, JSON.stringify({ CandidateName: name })]);
  r = await call(fn, dialect, 'GET', `/candidate/${name}`);
  equal(`${label} GET /candidate/<name>`, [r.status, r.headers['content-type'], r.body],
        [200, JSON_TYPE, JSON.stringify([{ CandidateName: name }])]);

  r = await call(fn, dialect, 'POST', unicodeTarget);
  equal(`${label} POST a percent-encoded UTF-8 name`, [r.status, r.body],
        [200, JSON.stringify({ CandidateName: unicodeName })]);
  r = await call(fn, dialect, 'GET', unicodeTarget);
  equal(`${label} GET a percent-encoded UTF-8 name`, [r.status, r.body],
        [200, JSON.stringify([{ CandidateName: unicodeName }])]);

  r = await call(fn, dialect, 'GET', '/candidates');
  check(`${label} GET /candidates status and type`,
        r.status === 200 && r.headers['content-type'] === JSON_TYPE, `got ${r.status}`);
  let list = [];
  try { list = JSON.parse(r.body).map((c) => c.CandidateName); } catch { /* below */ }
  check(`${label} GET /candidates lists each name once`,
        list.filter((n) => n === name).length === 1 &&
        list.filter((n) => n === unicodeName).length === 1, `got ${r.body}`);
  const listBody = r.body;

  r = await call(fn, dialect, 'HEAD', '/candidates');
  equal(`${label} HEAD /candidates`, [r.status, r.body, r.headers['content-type']],
        [200, '', JSON_TYPE]);
  if (r.headers['content-length'] !== undefined)
    equal(`${label} HEAD Content-Length is the GET body's`, Number(r.headers['content-length']),
          Buffer.byteLength(listBody));

  r = await call(fn, dialect, 'OPTIONS', `/candidate/${name}`);
  check(`${label} OPTIONS /candidate/<name>`,
        r.status === 200 && r.body === '' && sameSet(allowSet(r.headers.allow), ALLOW_CANDIDATE),
        `got ${r.status} allow=${r.headers.allow}`);
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    r = await call(fn, dialect, method, `/candidate/${name}`);
    check(`${label} ${method} /candidate/<name> is 405 with Allow`,
          r.status === 405 && r.body === 'Method Not Allowed' &&
          sameSet(allowSet(r.headers.allow), ALLOW_CANDIDATE),
          `got ${r.status} ${JSON.stringify(r.body)} allow=${r.headers.allow}`);
  }
  r = await call(fn, dialect, 'POST', '/candidates');
  check(`${label} POST /candidates is 405 with Allow`,
        r.status === 405 && sameSet(allowSet(r.headers.allow), ALLOW_CANDIDATES),
        `got ${r.status} allow=${r.headers.allow}`);

  r = await call(fn, dialect, 'GET', '/nowhere');
  equal(`${label} GET /nowhere`, [r.status, r.body], [404, 'Not Found']);

  const longName = 'n'.repeat(300);
  for (const [what, target] of [['..', '/candidate/%2E%2E'], ['NUL', '/candidate/a%00b'],
                                ['300 bytes', `/candidate/${longName}`]]) {
    r = await call(fn, dialect, 'GET', target);
    equal(`${label} GET a bad name (${what}) is 404`, r.status, 404);
    r = await call(fn, dialect, 'POST', target);
    equal(`${label} POST a bad name (${what}) is 404`, r.status, 404);
  }
  r = await call(fn, dialect, 'GET', '/candidates');
  check(`${label} bad names were not stored`,
        !r.body.includes(longName) && !r.body.includes('a\\u0000b') && !r.body.includes('".."'),
        r.body);
}

async function invocationErrors(fn) {
  const secret = `s3cr3t-${process.pid}`;
  const cases = [
    ['malformed event', `{"path": "/gtg", "token": "${secret}", `, 'Runtime.MalformedEvent'],
    ['unknown event shape', readFileSync(join(fixtures, 'unknown_s3_event.json'), 'utf8')
      .replace('{', `{"token": "${secret}",`), 'Runtime.UnknownEventShape'],
  ];
  for (const [what, payload, type] of cases) {
    const result = await invokeRaw(fn, payload);
    check(`a ${what} is an invocation error`, result.FunctionError === 'Handled',
          `got ${JSON.stringify(result)}`);
    let error = {};
    try { error = JSON.parse(String(result.Payload)); } catch { /* below */ }
    equal(`a ${what} is reported as ${type}`, error.errorType, type);
    check(`a ${what}'s message is short and quotes nothing of the event`,
          typeof error.errorMessage === 'string' && error.errorMessage.length > 0 &&
          !error.errorMessage.includes(secret), String(result.Payload));
    const after = await call(fn, 'http_api_v2', 'GET', '/gtg?details');
    equal(`after a ${what} the next invocation is answered`, after.status, 200);
    instanceIds.add(JSON.parse(after.body || '{}')['instance-id']);
  }
}

async function testRouteChecks(fn) {
  // An exception in a handler is a 500, and the process lives on.
  for (const dialect of DIALECTS) {
    const r = await call(fn, dialect, 'GET', '/_test/boom');
    equal(`[${dialect}] a handler's exception is a 500`, r.status, 500);
  }
  // What a handler sees of its invocation.
  const r = await call(fn, 'rest_v1', 'GET', '/_test/invocation');
  let seen = {};
  try { seen = JSON.parse(r.body); } catch { /* below */ }
  check('a handler sees the request id', /^[0-9a-f-]{36}$/.test(seen.request_id || ''),
        r.body);
  check('a handler sees the invoked function ARN',
        (seen.function_arn || '').startsWith('arn:aws:lambda:'), r.body);
  check('a handler sees the deadline Lambda-Runtime-Deadline-Ms gave (fun sends 5000)',
        seen.deadline_ms === 5000, r.body);
  equal('a handler sees the dialect', seen.dialect, 'rest_v1');
  equal('without Lambda-Runtime-Trace-Id there is no trace id', [seen.trace_id, seen.trace_env],
        ['', null]);

  // require_iam (/_test/private/ lets in account 123456789012 and user alice of 210987654321).
  const restCaller = (account, arn) => ({
    accountId: account, caller: 'AROAEXAMPLE:s', user: 'AROAEXAMPLE:s', userArn: arn,
    accessKey: 'ASIAEXAMPLE', sourceIp: '198.51.100.7', userAgent: 'fun-contract',
  });
  const v2Caller = (account, arn) => ({
    accessKey: 'AKIDEXAMPLE', accountId: account, callerId: 'AIDAEXAMPLE', cognitoIdentity: null,
    principalOrgId: null, userArn: arn, userId: 'AIDAEXAMPLE',
  });
  const cases = [
    ['rest_v1', restCaller('123456789012', 'arn:aws:sts::123456789012:assumed-role/ci/s'), 200, 'private x'],
    ['rest_v1', restCaller('444455556666', 'arn:aws:iam::444455556666:user/eve'), 403,
     'Forbidden: caller not allowed'],
    ['rest_v1', null, 403, 'Forbidden: IAM authentication required'],
    ['http_api_v2', v2Caller('210987654321', 'arn:aws:iam::210987654321:user/alice'), 200, 'private x'],
    ['http_api_v2', v2Caller('210987654321', 'arn:aws:iam::210987654321:user/mallory'), 403,
     'Forbidden: caller not allowed'],
    ['http_api_v2', null, 403, 'Forbidden: IAM authentication required'],
    ['function_url', v2Caller('123456789012', 'arn:aws:iam::123456789012:user/bob'), 200, 'private x'],
    ['function_url', null, 403, 'Forbidden: IAM authentication required'],
    ['alb', null, 403, 'Forbidden: IAM authentication required'],
  ];
  for (const [dialect, identity, status, body] of cases) {
    const res = await call(fn, dialect, 'GET', '/_test/private/x', { identity });
    equal(`[${dialect}] require_iam answers ${status} for ${identity ? identity.userArn : 'no IAM caller'}`,
          [res.status, res.body], [status, body]);
  }
  const who = await call(fn, 'http_api_v2', 'GET', '/_test/identity',
                         { identity: v2Caller('210987654321', 'arn:aws:iam::210987654321:user/alice') });
  equal('a handler reads the caller identity', JSON.parse(who.body || '{}'),
        { iam: true, account_id: '210987654321', user_arn: 'arn:aws:iam::210987654321:user/alice',
          source_ip: '198.51.100.7' });
}

async function initError(codeDir) {
  const message = 'TABLE_NAME is not set (init error test)';
  const fn = await fun.createFunction({
    Code: { Directory: codeDir }, Handler: 'bootstrap', Runtime: 'provided', ...funParams,
    Environment: { Variables: { ...variables, FLASKY_TEST_INIT_ERROR: message } },
  });
  try {
    const result = await invokeRaw(fn, JSON.stringify(makeEvent('http_api_v2', 'GET', '/gtg')));
    equal('an init error fails the invocation as Unhandled', result.FunctionError, 'Unhandled');
    let error = {};
    try { error = JSON.parse(String(result.Payload)); } catch { /* below */ }
    equal('an init error carries its type and message', [error.errorType, error.errorMessage],
          ['Runtime.ConfigurationError', message]);
  } finally {
    await fn.destroy();
  }
}

// ---- main --------------------------------------------------------------------------------------
const codeDir = join(scratch, 'code');
let exitCode = 1;
try {
  mkdirSync(codeDir);
  symlinkSync(bootstrap, join(codeDir, 'bootstrap'));
  const fn = await fun.createFunction({
    Code: { Directory: codeDir }, Handler: 'bootstrap', Runtime: 'provided', ...funParams,
    Environment: { Variables: variables },
  });
  try {
    const empty = await call(fn, 'http_api_v2', 'GET', '/candidates');
    equal('GET /candidates on an empty store is 404', [empty.status, empty.body], [404, 'Not Found']);
    for (const dialect of DIALECTS) await contract(fn, dialect);
    await invocationErrors(fn);
    if (testRoutes) await testRouteChecks(fn);
    const last = await call(fn, 'alb', 'GET', '/gtg?details');
    instanceIds.add(JSON.parse(last.body || '{}')['instance-id']);
    check('one warm process answered every invocation (one instance-id)', instanceIds.size === 1,
          [...instanceIds].join(' '));
  } finally {
    await fn.destroy();
  }
  if (testRoutes) await initError(codeDir);
  exitCode = failures.length === 0 ? 0 : 1;
} catch (err) {
  console.error(`fun_contract: ${err.stack || err}`);
  exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`fun_contract: ${passed} checks passed, ${failures.length} failed`);
process.exit(exitCode);
