// Checks that need no chain: the sign bytes and the status-list encoding
// against the examples in docs/did-method.md §4 and docs/revocation.md §7.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {test} from 'node:test';
import {toAminoMsg} from '../src/amino.js';
import {KEY_SOURCE_NEW, newDocument, signBytes, uniqueId, multikey} from '../src/did.js';
import {loadProtos} from '../src/proto.js';
import {decodeStatusList} from '../src/status.js';

const root = loadProtos();

test('sign bytes are those of the docs/did-method.md §4 example', () => {
  const id = 'did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF';
  const version = 'a5a38a7f9ab71c45392872c0b32a62f7';
  const got = signBytes(root, 'ndi-localnet-1', 'ndi.did.v1.DeactivateDidPayload', {id, expected_version_id: version});
  const payload = Buffer.concat([Buffer.from([0x0a, 0x24]), Buffer.from(id), Buffer.from([0x12, 0x20]), Buffer.from(version)]);
  const want = Buffer.concat([
    Buffer.from([0x0a, 0x0e]), Buffer.from('ndi-localnet-1'),
    Buffer.from([0x12, 0x20]), Buffer.from('/ndi.did.v1.DeactivateDidPayload'),
    Buffer.from([0x1a, 0x48]), payload,
  ]);
  assert.deepEqual(Buffer.from(got), want);
});

test('sign bytes refuse an empty chain id', () => {
  assert.throws(() => signBytes(root, '', 'ndi.did.v1.DeactivateDidPayload', {id: 'did:ndi:local:x'}), /empty chain id/);
});

test('the unique-id is base58btc of the first 16 bytes of SHA-256 of the key', () => {
  const key = new Uint8Array(32).fill(7);
  const doc = newDocument('local', [key]);
  assert.equal(doc.id, `did:ndi:local:${uniqueId(key)}`);
  const digest = crypto.createHash('sha256').update(key).digest();
  assert.equal(digest.subarray(0, 16).length, 16);
  assert.match(doc.id, /^did:ndi:local:[1-9A-HJ-NP-Za-km-z]{21,22}$/);
  assert.ok(multikey(key).startsWith('z6Mk'), 'an Ed25519 Multikey starts z6Mk');
});

test('amino JSON: amino.name, proto field names, enums as numbers, bytes as base64, defaults omitted', () => {
  const key = new Uint8Array(32).fill(9);
  const doc = newDocument('local', [key]);
  const msg = toAminoMsg(root, 'ndi.did.v1.MsgCreateDid', {
    submitter: 'ndi1xyz',
    payload: {document: doc},
    signatures: [{verification_method_id: `${doc.id}#key-1`, signature: Uint8Array.of(1, 2, 3), key_source: KEY_SOURCE_NEW}],
  });
  assert.equal(msg.type, 'ndi/did/MsgCreateDid');
  assert.deepEqual(msg.value.signatures, [{verification_method_id: `${doc.id}#key-1`, signature: 'AQID', key_source: 1}]);
  assert.equal(msg.value.payload.document.verification_method[0].public_key_multibase, multikey(key));
  assert.equal('controller' in msg.value.payload.document, false, 'an empty list is omitted');
});

test('the status list of docs/revocation.md §7 has exactly indices 0 and 94567 set', async () => {
  const list = await decodeStatusList({credentialSubject: {
    encodedList: 'uH4sIAAAAAAAC_-zQAQ0AAAgDIG1udHP8gwjcAAAAAAAAAAAAAADQZhUAAAAAxPkAAAD__zL-qawAQAAA',
  }});
  assert.equal(list.length, 131072);
  const set = [];
  for (let i = 0; i < list.length; i++) {
    if (list.getStatus(i)) {
      set.push(i);
    }
  }
  assert.deepEqual(set, [0, 94567]);
});
