// Loads the chain's own .proto files (proto/ndi/**) at run time with
// protobufjs reflection: no generated code to keep in step with the chain.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import protobuf from 'protobufjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// The repository's proto/ directory; NDI_PROTO_DIR points elsewhere (a copy
// of the chain's protos shipped with an application, say).
export const defaultProtoDir = path.resolve(here, '..', '..', '..', 'proto');

// Imports that only declare options (gogoproto, cosmos_proto, amino,
// cosmos.msg.v1). Options never change the wire bytes, and protobufjs keeps
// an unresolved option as plain data, so these files are not needed to
// encode or decode NDI messages. Every other import must resolve.
const OPTION_ONLY_IMPORTS = new Set([
  'gogoproto/gogo.proto',
  'cosmos_proto/cosmos.proto',
  'amino/amino.proto',
  'cosmos/msg/v1/msg.proto',
]);

// The files whose messages the client sends.
const FILES = ['ndi/did/v1/tx.proto', 'ndi/revocation/v1/tx.proto'];

/**
 * loadProtos returns a protobufjs Root with the NDI message types, field
 * names as in the .proto files (snake_case), which are also their amino-JSON
 * names.
 */
export function loadProtos(protoDir = process.env.NDI_PROTO_DIR || defaultProtoDir) {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (OPTION_ONLY_IMPORTS.has(target)) {
      return null; // skipped: see OPTION_ONLY_IMPORTS
    }
    if (target.startsWith('ndi/')) {
      return path.join(protoDir, target);
    }
    if (path.isAbsolute(target)) {
      return target;
    }
    // google/protobuf/*.proto are bundled with protobufjs and never reach
    // here; anything else is an import this client does not know.
    throw new Error(`proto import ${target} (from ${origin}) is not one this client loads`);
  };
  root.loadSync(FILES, {keepCase: true});
  root.resolveAll();
  return root;
}

/**
 * prune removes the fields that hold their type's default (empty string,
 * zero, false, empty list or bytes) from a plain object, recursively. The
 * chain re-encodes what it verifies with gogoproto, which omits them, and
 * protobufjs would write an explicitly set default: clients must omit empty
 * fields, not send them. Nested messages stay, even when empty: their
 * presence is part of the encoding.
 */
export function prune(value) {
  if (Array.isArray(value)) {
    return value.map(prune);
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) {
    return value;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '' || v === 0 || v === 0n || v === false) {
      continue;
    }
    if ((Array.isArray(v) || v instanceof Uint8Array) && v.length === 0) {
      continue;
    }
    out[k] = prune(v);
  }
  return out;
}

/** encode returns the protobuf bytes of a plain object of type typeName. */
export function encode(root, typeName, obj) {
  const T = root.lookupType(typeName);
  const msg = T.fromObject(prune(obj));
  return T.encode(msg).finish();
}
