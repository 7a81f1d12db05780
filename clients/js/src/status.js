// Credential status from the whole W3C Bitstring Status List, read with
// Digital Bazaar's @digitalbazaar/vc-bitstring-status-list, and from the
// chain's own CredentialStatus query for comparison.
import {decodeList} from '@digitalbazaar/vc-bitstring-status-list';
import {getJSON} from './tx.js';

/**
 * statusListCredential dereferences a list id (<issuer-did>/status/<name>)
 * with the node's DID resolver: a BitstringStatusListCredential.
 */
export async function statusListCredential(rest, listId) {
  return getJSON(`${rest}/1.0/identifiers/${listId}`);
}

/** decodeStatusList decodes the credential's encodedList (multibase 'u', GZIP, bitstring). */
export async function decodeStatusList(credential) {
  const subject = credential.credentialSubject;
  if (!subject || typeof subject.encodedList !== 'string') {
    throw new Error(`not a BitstringStatusListCredential: ${JSON.stringify(credential).slice(0, 300)}`);
  }
  return decodeList({encodedList: subject.encodedList});
}

/** chainStatus asks the chain's CredentialStatus query (REST) about one index. */
export async function chainStatus(rest, listId, index) {
  const q = new URLSearchParams({list_id: listId, index: String(index)});
  return getJSON(`${rest}/ndi/revocation/v1/credential-status?${q}`);
}
