// DID keys, documents and DID signatures, made in JavaScript exactly as
// docs/did-method.md specifies them (§1 unique-id, §2 Multikey, §4 sign bytes).
import crypto from 'node:crypto';
import {base58} from '@scure/base';
import {encode} from './proto.js';

export const CONTEXT_DID_V1 = 'https://www.w3.org/ns/did/v1';
export const CONTEXT_MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
export const KEY_SOURCE_NEW = 1;
export const KEY_SOURCE_CURRENT = 2;

const ED25519_MULTICODEC = Uint8Array.of(0xed, 0x01);

/** An Ed25519 key pair from node:crypto, with its raw 32-byte public key. */
export function generateEd25519() {
  const {privateKey, publicKey} = crypto.generateKeyPairSync('ed25519');
  const jwk = publicKey.export({format: 'jwk'});
  const raw = new Uint8Array(Buffer.from(jwk.x, 'base64url'));
  return {privateKey, publicKey: raw};
}

/** Multikey: 'z' + base58btc(0xed01 ‖ key). */
export function multikey(publicKey) {
  const bz = new Uint8Array(ED25519_MULTICODEC.length + publicKey.length);
  bz.set(ED25519_MULTICODEC, 0);
  bz.set(publicKey, ED25519_MULTICODEC.length);
  return 'z' + base58.encode(bz);
}

/** unique-id = base58btc(SHA-256(K)[0..16)), K the first method's raw key. */
export function uniqueId(publicKey) {
  const digest = crypto.createHash('sha256').update(publicKey).digest();
  return base58.encode(new Uint8Array(digest.subarray(0, 16)));
}

/**
 * newDocument builds a DID document as `ndid did document` does: the id
 * from the first key, each key a Multikey #key-<n> controlled by the DID and
 * listed in authentication, assertionMethod and capabilityInvocation.
 * Field names are the proto names (the chain's wire format).
 */
export function newDocument(namespace, publicKeys) {
  const id = `did:ndi:${namespace}:${uniqueId(publicKeys[0])}`;
  const doc = {
    context: [CONTEXT_DID_V1, CONTEXT_MULTIKEY_V1],
    id,
    verification_method: [],
    authentication: [],
    assertion_method: [],
    capability_invocation: [],
  };
  publicKeys.forEach((pk, i) => {
    const methodId = `${id}#key-${i + 1}`;
    doc.verification_method.push({id: methodId, type: 'Multikey', controller: id, public_key_multibase: multikey(pk)});
    doc.authentication.push({reference: methodId});
    doc.assertion_method.push({reference: methodId});
    doc.capability_invocation.push({reference: methodId});
  });
  return doc;
}

/**
 * signBytes: the protobuf encoding of SignDoc{chain_id, payload_type,
 * payload}, payload_type the payload's type URL ("/ndi.did.v1.…").
 */
export function signBytes(root, chainId, payloadType, payload) {
  if (!chainId) {
    throw new Error('signBytes: empty chain id');
  }
  const payloadBytes = encode(root, payloadType, payload);
  return encode(root, 'ndi.did.v1.SignDoc', {chain_id: chainId, payload_type: '/' + payloadType, payload: payloadBytes});
}

/**
 * sign makes one DidSignature per signer {methodId, privateKey, keySource}
 * over the payload's sign bytes (RFC 8032 Ed25519).
 */
export function sign(root, chainId, payloadType, payload, signers) {
  const bytes = signBytes(root, chainId, payloadType, payload);
  return signers.map((s) => ({
    verification_method_id: s.methodId,
    signature: new Uint8Array(crypto.sign(null, bytes, s.privateKey)),
    key_source: s.keySource,
  }));
}
