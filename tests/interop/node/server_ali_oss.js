#!/usr/bin/env node
// Drives a running oss-server with the official Node.js SDK, ali-oss, through the operations
// a web back end uses, with the SDK's own defaults (V1 signing dated by x-oss-date only) or V4.
//
//   server_ali_oss.js ENDPOINT AK SK REGION BUCKET [--auth v1|v4] [--token TOKEN]
//   server_ali_oss.js ENDPOINT AK SK REGION BUCKET --expect-error CODE [--auth ...] [--token ...]
//   server_ali_oss.js ENDPOINT AK SK REGION BUCKET --assume-role ROLE_ARN [--auth ...]
//
// The first form runs the whole suite against a new bucket BUCKET and deletes it at the end;
// the second makes one signed call (ListBuckets) and requires it to fail with CODE. Exits
// non-zero with a message on the first failure. The third form asks oss-server's own STS for
// temporary credentials with ali-oss's STS client (AssumeRole, RPC-signed), then runs the
// whole suite with them. ENDPOINT is `http://127.0.0.1:PORT`; the SDK
// is given `localhost:PORT` with path-style addressing, as it refuses to presign for an IP.

'use strict';

const crypto = require('crypto');
const dns = require('dns');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const OSS = require('ali-oss');

dns.setDefaultResultOrder('ipv4first');

function fail(message) {
  process.stderr.write(`server_ali_oss.js: FAIL: ${message}\n`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

async function expectError(call, status, code, what) {
  try {
    await call();
  } catch (e) {
    if (e.status !== status || (code && e.code !== code)) {
      fail(`${what}: expected ${status} ${code}, got ${e.status} ${e.code} (${e.message})`);
    }
    return e;
  }
  fail(`${what}: expected ${status} ${code}, but the call succeeded`);
}

function parseArgs(argv) {
  const [endpoint, ak, sk, region, bucket, ...rest] = argv;
  if (!bucket) fail('usage: ENDPOINT AK SK REGION BUCKET [--auth v1|v4] [--token T] [--expect-error CODE]');
  const args = { endpoint, ak, sk, region, bucket, auth: 'v1', token: undefined, expectError: undefined, assumeRole: undefined };
  for (let i = 0; i < rest.length; i += 2) {
    const value = rest[i + 1];
    switch (rest[i]) {
      case '--auth': args.auth = value; break;
      case '--token': args.token = value; break;
      case '--expect-error': args.expectError = value; break;
      case '--assume-role': args.assumeRole = value; break;
      default: fail(`unknown argument ${rest[i]}`);
    }
  }
  return args;
}

function makeClient(args, bucket) {
  const port = new URL(args.endpoint).port;
  return new OSS({
    endpoint: `http://localhost:${port}`,
    region: `oss-${args.region}`,
    accessKeyId: args.ak,
    accessKeySecret: args.sk,
    stsToken: args.token,
    authorizationV4: args.auth === 'v4',
    sldEnable: true,
    bucket,
    timeout: 60000,
  });
}

/** GETs or PUTs a URL with Node's own HTTP client: no SDK in the way of a presigned URL. */
function fetchUrl(url, method = 'GET', body = undefined) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method }, response => {
      const chunks = [];
      response.on('data', chunk => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

const md5 = data => crypto.createHash('md5').update(data).digest('hex');

async function objects(client, args) {
  const data = crypto.randomBytes(300 * 1024);
  const key = 'dir/a b+c.bin';
  const put = await client.put(key, data, { meta: { color: 'blue' }, mime: 'text/plain' });
  check(put.res.status === 200, `PutObject status ${put.res.status}`);
  const got = await client.get(key);
  check(Buffer.compare(got.content, data) === 0, 'GetObject returns the data');
  const ranged = await client.get(key, { headers: { Range: 'bytes=10-99' } });
  check(Buffer.compare(ranged.content, data.subarray(10, 100)) === 0, 'ranged GetObject');
  const head = await client.head(key);
  check(head.meta && head.meta.color === 'blue', `user metadata round trip: ${JSON.stringify(head.meta)}`);
  check(head.res.headers['content-type'] === 'text/plain', 'Content-Type round trip');
  check(Number(head.res.headers['content-length']) === data.length, 'HeadObject Content-Length');
  check(head.res.headers.etag === `"${md5(data).toUpperCase()}"`, `ETag is the MD5: ${head.res.headers.etag}`);

  const copied = await client.copy('copy/of.bin', key);
  check(copied.res.status === 200, 'CopyObject');
  const copy = await client.get('copy/of.bin');
  check(Buffer.compare(copy.content, data) === 0, 'the copy has the data');
  const replaced = await client.copy('copy/meta.bin', key, { meta: { color: 'red' } });
  check(replaced.res.status === 200, 'CopyObject with new metadata');
  check((await client.head('copy/meta.bin')).meta.color === 'red', 'metadata directive REPLACE');

  await client.delete('copy/meta.bin');
  await expectError(() => client.head('copy/meta.bin'), 404, undefined, 'HeadObject after DeleteObject');
  await expectError(() => client.get('copy/meta.bin'), 404, 'NoSuchKey', 'GetObject after DeleteObject');
  return { key, data };
}

async function listing(client) {
  const keys = ['list/a.txt', 'list/b.txt', 'list/sub/c.txt', 'list/sub/d.txt', 'list/e.txt'];
  for (const k of keys) await client.put(k, Buffer.from(k));
  const flat = await client.list({ prefix: 'list/', 'max-keys': 100 });
  const names = flat.objects.map(o => o.name).sort();
  check(JSON.stringify(names) === JSON.stringify([...keys].sort()), `ListObjects: ${names}`);
  const byDir = await client.list({ prefix: 'list/', delimiter: '/' });
  check(JSON.stringify(byDir.prefixes) === JSON.stringify(['list/sub/']), `common prefixes: ${byDir.prefixes}`);
  check(byDir.objects.length === 3, 'ListObjects with a delimiter lists the direct children');

  // ListObjectsV2, two keys a page, following continuation tokens.
  const paged = [];
  let token;
  let pages = 0;
  do {
    const page = await client.listV2({ prefix: 'list/', 'max-keys': 2, 'continuation-token': token });
    paged.push(...page.objects.map(o => o.name));
    token = page.nextContinuationToken;
    pages += 1;
    check(pages < 10, 'ListObjectsV2 pagination ends');
  } while (token);
  check(pages === 3, `ListObjectsV2 pages: ${pages}`);
  check(JSON.stringify(paged) === JSON.stringify([...keys].sort()), `ListObjectsV2 keys: ${paged}`);

  const deleted = await client.deleteMulti(keys, { quiet: false });
  check(deleted.deleted.length === keys.length, 'DeleteMultipleObjects');
  check((await client.list({ prefix: 'list/' })).objects === undefined ||
        (await client.list({ prefix: 'list/' })).objects.length === 0, 'nothing left after DeleteMultipleObjects');
}

async function multipart(client, workdir) {
  const file = path.join(workdir, 'big.bin');
  const data = crypto.randomBytes(2 * 1024 * 1024 + 12345);
  fs.writeFileSync(file, data);
  const partSize = 256 * 1024;
  const parts = Math.ceil(data.length / partSize);

  // Four parts in flight at a time.
  const result = await client.multipartUpload('mp/parallel.bin', file, { parallel: 4, partSize });
  check(result.res.status === 200, 'CompleteMultipartUpload');
  const whole = await client.get('mp/parallel.bin');
  check(md5(whole.content) === md5(data), 'the multipart object has the data');
  check(/-\d+"$/.test(whole.res.headers.etag), `multipart ETag: ${whole.res.headers.etag}`);

  // Cancelled after a few parts, then resumed from the SDK's checkpoint: only the missing
  // parts are sent, and the object is whole.
  let saved;
  let cancelled = false;
  await client
    .multipartUpload('mp/resumed.bin', file, {
      parallel: 2,
      partSize,
      progress: (fraction, checkpoint) => {
        if (checkpoint) saved = JSON.parse(JSON.stringify(checkpoint));
        if (checkpoint && checkpoint.doneParts.length >= 3) {
          cancelled = true;
          client.cancel();
        }
      },
    })
    .then(
      () => fail('the cancelled multipartUpload completed'),
      // ali-oss rejects with its cancel event, or, when the cancel lands while parts are in
      // flight, with what its parallel runner collected: either way after our cancel.
      e => check(cancelled && (e === undefined || e === null || e.name === 'cancel' || e.name === undefined),
        `cancel: ${e && e.name} ${e && e.message} ${JSON.stringify(e)}`)
    );
  check(saved && saved.uploadId, 'a checkpoint was saved');
  const done = saved.doneParts.length;
  check(done >= 3 && done < parts, `parts done before the cancel: ${done} of ${parts}`);
  const uploads = await client.listUploads({ prefix: 'mp/' });
  check(uploads.uploads.some(u => u.uploadId === saved.uploadId), 'ListMultipartUploads shows the cancelled upload');
  const listed = await client.listParts('mp/resumed.bin', saved.uploadId);
  check(listed.parts.length >= done, `ListParts: ${listed.parts.length} parts`);

  let sentOnResume = 0;
  const resumed = await client.multipartUpload('mp/resumed.bin', file, {
    parallel: 4,
    partSize,
    checkpoint: saved,
    progress: (fraction, checkpoint) => {
      if (checkpoint) sentOnResume = checkpoint.doneParts.length - done;
    },
  });
  check(resumed.res.status === 200, 'resumed CompleteMultipartUpload');
  check(sentOnResume === parts - done, `resume sent ${sentOnResume} parts, expected ${parts - done}`);
  const back = await client.get('mp/resumed.bin');
  check(md5(back.content) === md5(data), 'the resumed object has the data');
  const after = await client.listUploads({ prefix: 'mp/' });
  check(!(after.uploads || []).some(u => u.uploadId === saved.uploadId), 'the upload is gone once completed');

  // An aborted upload is gone too.
  const init = await client.initMultipartUpload('mp/aborted.bin');
  await client.uploadPart('mp/aborted.bin', init.uploadId, 1, file, 0, partSize);
  await client.abortMultipartUpload('mp/aborted.bin', init.uploadId);
  await expectError(() => client.listParts('mp/aborted.bin', init.uploadId), 404, 'NoSuchUpload', 'ListParts after abort');
  await client.delete('mp/parallel.bin');
  await client.delete('mp/resumed.bin');
}

async function presigned(client, args, key, data) {
  // V1 query signing (signatureUrl) and V4 (signatureUrlV4), fetched without the SDK.
  const v1 = client.signatureUrl(key, { expires: 600 });
  check(v1.includes('OSSAccessKeyId='), `V1 presigned URL: ${v1}`);
  const viaV1 = await fetchUrl(v1);
  check(viaV1.status === 200 && Buffer.compare(viaV1.body, data) === 0, `V1 presigned GET: ${viaV1.status}`);
  const v4 = await client.signatureUrlV4('GET', 600, undefined, key);
  check(v4.includes('x-oss-signature-version=OSS4-HMAC-SHA256'), `V4 presigned URL: ${v4}`);
  const viaV4 = await fetchUrl(v4);
  check(viaV4.status === 200 && Buffer.compare(viaV4.body, data) === 0, `V4 presigned GET: ${viaV4.status}`);

  const upload = client.signatureUrl('presigned/put.txt', { method: 'PUT', expires: 600 });
  const put = await fetchUrl(upload, 'PUT', Buffer.from('via a presigned PUT'));
  check(put.status === 200, `V1 presigned PUT: ${put.status} ${put.body}`);
  check((await client.get('presigned/put.txt')).content.toString() === 'via a presigned PUT', 'presigned PUT stored');
  await client.delete('presigned/put.txt');

  // A tampered signature is refused with the documented code.
  const tampered = await fetchUrl(v4.replace(/x-oss-signature=[0-9a-f]/, m => m.slice(0, -1) + (m.endsWith('0') ? '1' : '0')));
  check(tampered.status === 403 && tampered.body.toString().includes('SignatureDoesNotMatch'),
        `tampered V4 URL: ${tampered.status}`);
  const expired = await fetchUrl(client.signatureUrl(key, { expires: -60 }));
  check(expired.status === 403 && expired.body.toString().includes('AccessDenied'), `expired V1 URL: ${expired.status}`);
}

async function suite(args) {
  const service = makeClient(args);
  const bucket = args.bucket;
  await service.putBucket(bucket);
  const listedBuckets = await service.listBuckets();
  check(listedBuckets.buckets.some(b => b.name === bucket), 'ListBuckets lists the bucket');
  const info = await service.getBucketInfo(bucket);
  check(info.bucket.Name === bucket, `GetBucketInfo: ${JSON.stringify(info.bucket)}`);
  const location = await service.getBucketLocation(bucket);
  check(location.location === `oss-${args.region}`, `GetBucketLocation: ${location.location}`);
  await expectError(() => service.putBucket(bucket), 409, 'BucketAlreadyExists', 'creating the bucket twice');

  const client = makeClient(args, bucket);
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ali-oss-'));
  try {
    const { key, data } = await objects(client, args);
    await listing(client);
    await multipart(client, workdir);
    await presigned(client, args, key, data);
    await client.delete(key);
    await client.delete('copy/of.bin');
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  await service.deleteBucket(bucket);
  await expectError(() => service.getBucketInfo(bucket), 404, 'NoSuchBucket', 'GetBucketInfo after DeleteBucket');
  process.stdout.write(`ali-oss ${require('ali-oss/package.json').version} (${args.auth}${args.token ? ', STS' : ''}): all scenarios passed\n`);
}

/** AssumeRole on oss-server's STS with ali-oss's own STS client; returns the credentials. */
async function assumeRole(args) {
  const sts = new OSS.STS({ accessKeyId: args.ak, accessKeySecret: args.sk, endpoint: args.endpoint });
  const wrong = new OSS.STS({ accessKeyId: args.ak, accessKeySecret: 'not-the-secret', endpoint: args.endpoint });
  await expectError(() => wrong.assumeRole(args.assumeRole, null, 900, 'node-session'), 400,
                    'SignatureDoesNotMatch', 'AssumeRole signed with a wrong secret');
  await expectError(() => sts.assumeRole(args.assumeRole, { Statement: [] }, 900, 'node-session'), 501,
                    'NotImplemented', 'AssumeRole with a session policy');
  await expectError(() => sts.assumeRole('not-an-arn', null, 900, 'node-session'), 400,
                    'InvalidParameter.RoleArn', 'AssumeRole of a malformed role ARN');
  const before = Date.now();
  const { credentials } = await sts.assumeRole(args.assumeRole, null, 900, 'node-session');
  check(/^STS\./.test(credentials.AccessKeyId) && credentials.AccessKeySecret && credentials.SecurityToken,
        `AssumeRole credentials: ${credentials.AccessKeyId}`);
  const lifetime = Date.parse(credentials.Expiration) - before;
  check(lifetime > 880 * 1000 && lifetime <= 901 * 1000, `Expiration ${credentials.Expiration} is 900 s away`);
  return credentials;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.assumeRole) {
    const credentials = await assumeRole(args);
    args.ak = credentials.AccessKeyId;
    args.sk = credentials.AccessKeySecret;
    args.token = credentials.SecurityToken;
  }
  if (args.expectError) {
    const e = await expectError(() => makeClient(args).listBuckets(), 403, args.expectError, 'a wrongly signed ListBuckets');
    process.stdout.write(`refused as expected: ${e.code} (${e.status})\n`);
    return;
  }
  await suite(args);
}

main().catch(e => fail(`${e.name || 'error'}: ${e.code || ''} ${e.status || ''} ${e.message}\n${e.stack}`));
