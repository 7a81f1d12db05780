// Against a running NDI chain (testutil/procnet/jsclient_e2e_test.go starts
// one and sets the environment): a DID created with a DID signature made
// here, its key rotated with expected_version_id in amino-JSON sign mode,
// and a credential's status read from the whole W3C status list.
//
//   NDI_REST          REST/API server, e.g. http://127.0.0.1:1317
//   NDI_CHAIN_ID      chain id
//   NDI_MNEMONIC      a funded account's BIP-39 mnemonic (pays the fees)
//   NDI_STATUS_LIST   a revocation list id, <issuer-did>/status/<name>
//   NDI_REVOKED       comma-separated indices revoked on that list
import assert from 'node:assert/strict';
import {before, test} from 'node:test';
import {
  KEY_SOURCE_CURRENT, KEY_SOURCE_NEW, generateEd25519, multikey, newDocument, sign,
} from '../src/did.js';
import {loadProtos} from '../src/proto.js';
import {chainStatus, decodeStatusList, statusListCredential} from '../src/status.js';
import {Client, encodeTx, getJSON} from '../src/tx.js';

// x/did's registered errors (x/did/types/errors.go), as codespace/code.
const ERR_VERSION_MISMATCH = {codespace: 'did', code: 13};
const ERR_INVALID_SIGNATURE = {codespace: 'did', code: 15};
const ERR_NO_PROOF_OF_POSSESSION = {codespace: 'did', code: 27};
// The SDK's ErrUnauthorized: the account signature does not verify.
const ERR_SDK_UNAUTHORIZED = {codespace: 'sdk', code: 4};

function env(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: this test runs against a chain (see the comment at the top)`);
  }
  return v;
}

const rest = env('NDI_REST').replace(/\/$/, '');
const chainId = env('NDI_CHAIN_ID');
const root = loadProtos();
let client;
let namespace;

before(async () => {
  client = await Client.fromMnemonic({mnemonic: env('NDI_MNEMONIC'), rest, chainId, root});
  ({params: {namespace}} = await getJSON(`${rest}/ndi/did/v1/params`));
  assert.ok(namespace, 'the chain names its DID namespace');
});

async function latestVersion(did) {
  const res = await getJSON(`${rest}/ndi/did/v1/dids/${did}`);
  return res;
}

async function resolvedKey(did) {
  const res = await getJSON(`${rest}/1.0/identifiers/${did}`);
  return res.didDocument.verificationMethod[0].publicKeyMultibase;
}

test('a DID signed in JavaScript is created, and its key rotated in amino-JSON mode', async () => {
  const old = generateEd25519();
  const doc = newDocument(namespace, [old.publicKey]);
  const did = doc.id;
  const method = `${did}#key-1`;

  // Create: signed by verificationMethod[0], the key the id commits to
  // (proof of possession), read from the new document. SIGN_MODE_DIRECT.
  const createPayload = {document: doc};
  await client.send([{
    typeName: 'ndi.did.v1.MsgCreateDid',
    value: {
      submitter: client.address,
      payload: createPayload,
      signatures: sign(root, chainId, 'ndi.did.v1.CreateDidPayload', createPayload,
        [{methodId: method, privateKey: old.privateKey, keySource: KEY_SOURCE_NEW}]),
    },
  }], {mode: 'direct'});
  assert.equal(await resolvedKey(did), multikey(old.publicKey));
  const created = await latestVersion(did);
  const createdVersion = created.metadata.version_id;
  assert.match(createdVersion, /^[0-9a-f]{32}$/);

  // Rotate key-1: the old key signs from the current document, the new key
  // from the new one, both over the same payload, which names the version
  // the signers saw. The Cosmos tx is signed in SIGN_MODE_LEGACY_AMINO_JSON.
  const next = generateEd25519();
  const rotated = structuredClone(doc);
  rotated.verification_method[0].public_key_multibase = multikey(next.publicKey);
  const updatePayload = {document: rotated, expected_version_id: createdVersion};
  const rotation = {
    typeName: 'ndi.did.v1.MsgUpdateDid',
    value: {
      submitter: client.address,
      payload: updatePayload,
      signatures: sign(root, chainId, 'ndi.did.v1.UpdateDidPayload', updatePayload, [
        {methodId: method, privateKey: old.privateKey, keySource: KEY_SOURCE_CURRENT},
        {methodId: method, privateKey: next.privateKey, keySource: KEY_SOURCE_NEW},
      ]),
    },
  };
  const res = await client.send([rotation], {mode: 'amino'});
  assert.equal(res.code, 0);
  assert.equal(await resolvedKey(did), multikey(next.publicKey));
  const latest = await latestVersion(did);
  assert.notEqual(latest.metadata.version_id, createdVersion);
  assert.equal(latest.document.verification_method[0].public_key_multibase, multikey(next.publicKey));

  // The same rotation sent again names a version that is no longer the
  // latest: the chain refuses it (ErrVersionMismatch) and nothing changes.
  await assert.rejects(client.send([rotation], {mode: 'amino'}), ERR_VERSION_MISMATCH);
  assert.equal((await latestVersion(did)).metadata.version_id, latest.metadata.version_id);

  // The rotated-out key no longer controls the DID: an update it signs as
  // the current key-1 does not verify against the current document.
  const stale = structuredClone(rotated);
  stale.also_known_as = ['https://example.org/someone-else'];
  const stalePayload = {document: stale, expected_version_id: latest.metadata.version_id};
  await assert.rejects(client.send([{
    typeName: 'ndi.did.v1.MsgUpdateDid',
    value: {
      submitter: client.address,
      payload: stalePayload,
      signatures: sign(root, chainId, 'ndi.did.v1.UpdateDidPayload', stalePayload,
        [{methodId: method, privateKey: old.privateKey, keySource: KEY_SOURCE_CURRENT}]),
    },
  }], {mode: 'direct'}), ERR_INVALID_SIGNATURE);
  assert.equal((await latestVersion(did)).metadata.version_id, latest.metadata.version_id);
});

test('the whole W3C status list agrees with the chain\'s CredentialStatus', async () => {
  const listId = env('NDI_STATUS_LIST');
  const revoked = env('NDI_REVOKED').split(',').map(Number);
  const credential = await statusListCredential(rest, listId);
  assert.deepEqual(credential.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
  assert.equal(credential.id, listId);
  assert.equal(credential.credentialSubject.statusPurpose, 'revocation');
  const list = await decodeStatusList(credential);
  assert.equal(list.length, 131072);

  // Every set bit of the whole list is one the issuer revoked, and back.
  const set = [];
  for (let i = 0; i < list.length; i++) {
    if (list.getStatus(i)) {
      set.push(i);
    }
  }
  assert.deepEqual(set, [...revoked].sort((a, b) => a - b));

  // The chain answers the same for each revoked index and its neighbours.
  const probe = new Set([0, list.length - 1]);
  for (const i of revoked) {
    for (const j of [i - 1, i, i + 1]) {
      if (j >= 0 && j < list.length) {
        probe.add(j);
      }
    }
  }
  for (const i of probe) {
    const answer = await chainStatus(rest, listId, i);
    assert.equal(answer.set === true, list.getStatus(i), `index ${i}: chain says ${JSON.stringify(answer)}`);
    assert.equal(answer.status, list.getStatus(i) ? 'revoked' : 'valid', `index ${i}`);
  }
});

function createMsg(doc, signers) {
  const payload = {document: doc};
  return {
    typeName: 'ndi.did.v1.MsgCreateDid',
    value: {
      submitter: client.address,
      payload,
      signatures: sign(root, chainId, 'ndi.did.v1.CreateDidPayload', payload, signers),
    },
  };
}

test('a create not signed by verificationMethod[0] is refused (proof of possession)', async () => {
  // Someone who knows only the public key of A lists it first (so the DID
  // id is A's) and signs with their own key B, which is in authentication.
  const victim = generateEd25519();
  const attacker = generateEd25519();
  const doc = newDocument(namespace, [victim.publicKey, attacker.publicKey]);
  await assert.rejects(client.send([createMsg(doc, [
    {methodId: `${doc.id}#key-2`, privateKey: attacker.privateKey, keySource: KEY_SOURCE_NEW},
  ])]), ERR_NO_PROOF_OF_POSSESSION);
  await assert.rejects(getJSON(`${rest}/ndi/did/v1/dids/${doc.id}`), /HTTP 404/);
});

test('a relayer that alters an amino-JSON-signed create is refused; the signed one is accepted', async () => {
  const holder = generateEd25519();
  const doc = newDocument(namespace, [holder.publicKey]);
  const signers = [{methodId: `${doc.id}#key-1`, privateKey: holder.privateKey, keySource: KEY_SOURCE_NEW}];
  const signed = await client.sign([createMsg(doc, signers)], {mode: 'amino'});

  // The relayer swaps in a document with one more alsoKnownAs, DID-signed
  // anew (say the DID key is its own): the account signature covered the
  // document the signer saw, so it no longer verifies.
  const altered = structuredClone(doc);
  altered.also_known_as = ['https://relayer.example/'];
  const tampered = {...signed, bodyBytes: client.bodyBytes([createMsg(altered, signers)])};
  await assert.rejects(client.broadcast(encodeTx(tampered)), ERR_SDK_UNAUTHORIZED);
  await assert.rejects(getJSON(`${rest}/ndi/did/v1/dids/${doc.id}`), /HTTP 404/);

  await client.broadcast(encodeTx(signed));
  assert.equal(await resolvedKey(doc.id), multikey(holder.publicKey));
  const stored = await latestVersion(doc.id);
  assert.deepEqual(stored.document.also_known_as ?? [], []);
});
