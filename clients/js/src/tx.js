// Cosmos transactions for NDI messages: built from the chain's protos,
// signed by a CosmJS wallet in SIGN_MODE_DIRECT or
// SIGN_MODE_LEGACY_AMINO_JSON, and broadcast through the REST API.
import {Secp256k1HdWallet} from '@cosmjs/amino';
import {fromBase64, toBase64} from '@cosmjs/encoding';
import {DirectSecp256k1HdWallet, encodePubkey, makeAuthInfoBytes} from '@cosmjs/proto-signing';
import {encodeSecp256k1Pubkey} from '@cosmjs/amino';
import {SignMode} from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing.js';
import {TxBody, TxRaw} from 'cosmjs-types/cosmos/tx/v1beta1/tx.js';
import {encode} from './proto.js';
import {toAminoMsg} from './amino.js';

// Account addresses are ndi1…; keys derive on m/44'/118'/0'/0/0.
export const BECH32_PREFIX = 'ndi';
export const DENOM = 'undi';

/**
 * TxError is a transaction the chain refused, with the registered error's
 * codespace and code (x/did's ErrVersionMismatch is did/13), so callers
 * match errors, never message text.
 */
export class TxError extends Error {
  constructor(message, {codespace, code, height}) {
    super(message);
    Object.assign(this, {codespace, code, height});
  }
}

export async function getJSON(url) {
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok) {
    throw new Error(`GET ${url}: HTTP ${res.status}: ${body.slice(0, 500)}`);
  }
  return JSON.parse(body);
}

/** encodeTx returns the TxRaw bytes of a signed transaction. */
export function encodeTx({bodyBytes, authInfoBytes, signature}) {
  return TxRaw.encode(TxRaw.fromPartial({bodyBytes, authInfoBytes, signatures: [signature]})).finish();
}

/** Client signs NDI transactions with one account from a mnemonic. */
export class Client {
  static async fromMnemonic({mnemonic, rest, chainId, root}) {
    const direct = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, {prefix: BECH32_PREFIX});
    const amino = await Secp256k1HdWallet.fromMnemonic(mnemonic, {prefix: BECH32_PREFIX});
    const [account] = await direct.getAccounts();
    return new Client({direct, amino, account, rest, chainId, root});
  }

  constructor({direct, amino, account, rest, chainId, root}) {
    Object.assign(this, {direct, amino, account, rest, chainId, root});
    this.address = account.address;
  }

  /**
   * Account number and sequence as decimal strings: account numbers may
   * exceed 2^53, so they never pass through a JavaScript number.
   */
  async accountInfo() {
    const {info} = await getJSON(`${this.rest}/cosmos/auth/v1beta1/account_info/${this.address}`);
    return {accountNumber: info.account_number, sequence: info.sequence};
  }

  /**
   * send signs msgs ([{typeName, value}], value a plain object with proto
   * field names) in mode 'direct' or 'amino', broadcasts the tx and waits
   * for its inclusion. It throws unless the tx succeeded (a TxError when
   * the chain refused it).
   */
  async send(msgs, opts = {}) {
    return this.broadcast(encodeTx(await this.sign(msgs, opts)));
  }

  /** bodyBytes encodes msgs and memo as a TxBody. */
  bodyBytes(msgs, memo = '') {
    const body = TxBody.fromPartial({
      messages: msgs.map((m) => ({typeUrl: '/' + m.typeName, value: encode(this.root, m.typeName, m.value)})),
      memo,
    });
    return TxBody.encode(body).finish();
  }

  /** sign returns {bodyBytes, authInfoBytes, signature} for msgs, not yet broadcast. */
  async sign(msgs, {mode = 'direct', memo = '', gas = '1000000', fee = '2000'} = {}) {
    const {accountNumber, sequence} = await this.accountInfo();
    const feeAmount = [{denom: DENOM, amount: fee}];
    const bodyBytes = this.bodyBytes(msgs, memo);
    const pubkey = encodePubkey(encodeSecp256k1Pubkey(this.account.pubkey));
    const signMode = mode === 'amino' ? SignMode.SIGN_MODE_LEGACY_AMINO_JSON : SignMode.SIGN_MODE_DIRECT;
    const authInfoBytes = makeAuthInfoBytes(
      [{pubkey, sequence: BigInt(sequence)}], feeAmount, Number(gas), undefined, undefined, signMode);

    let signature;
    if (mode === 'amino') {
      // The StdSignDoc is built here: CosmJS's makeSignDoc refuses account
      // numbers above 2^53, and this chain's are usually larger.
      const doc = {
        chain_id: this.chainId,
        account_number: accountNumber,
        sequence,
        fee: {amount: feeAmount, gas},
        msgs: msgs.map((m) => toAminoMsg(this.root, m.typeName, m.value)),
        memo,
      };
      const res = await this.amino.signAmino(this.address, doc);
      signature = fromBase64(res.signature.signature);
    } else if (mode === 'direct') {
      // Built here rather than with makeSignDoc, whose accountNumber is
      // typed as a number: the account number stays a BigInt throughout.
      const doc = {bodyBytes, authInfoBytes, chainId: this.chainId, accountNumber: BigInt(accountNumber)};
      const res = await this.direct.signDirect(this.address, doc);
      signature = fromBase64(res.signature.signature);
    } else {
      throw new Error(`unknown sign mode ${mode}`);
    }
    return {bodyBytes, authInfoBytes, signature};
  }

  async broadcast(txBytes) {
    const res = await fetch(`${this.rest}/cosmos/tx/v1beta1/txs`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({tx_bytes: toBase64(txBytes), mode: 'BROADCAST_MODE_SYNC'}),
    });
    const out = await res.json();
    const r = out.tx_response;
    if (!res.ok || !r) {
      throw new Error(`broadcast: HTTP ${res.status}: ${JSON.stringify(out).slice(0, 500)}`);
    }
    if (r.code !== 0) {
      throw new TxError(`broadcast: CheckTx ${r.codespace} code ${r.code}: ${r.raw_log}`, r);
    }
    return this.waitForTx(r.txhash);
  }

  async waitForTx(hash, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(`${this.rest}/cosmos/tx/v1beta1/txs/${hash}`);
      if (res.ok) {
        const {tx_response: r} = await res.json();
        if (r.code !== 0) {
          throw new TxError(`tx ${hash} failed at height ${r.height}: ${r.codespace} code ${r.code}: ${r.raw_log}`, r);
        }
        return r;
      }
      if (Date.now() > deadline) {
        throw new Error(`tx ${hash} not included after ${timeoutMs} ms (last HTTP ${res.status})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
