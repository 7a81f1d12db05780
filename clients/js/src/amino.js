// Amino JSON of NDI messages, built from the .proto files by reflection
// with the rules of the SDK's x/tx aminojson encoder, which the chain uses
// to rebuild the sign bytes it verifies: the message's `amino.name` as
// type; proto field names; fields that are not set omitted; int64 and
// uint64 as strings, other numbers and enums as JSON numbers; bytes as
// base64; a nested message that is set rendered even when empty. CosmJS
// sorts the keys when it serializes the sign doc, as the chain does.
import protobuf from 'protobufjs';
import {prune} from './proto.js';

const QUOTED = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

function renderValue(field, v) {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) {
    return renderMessage(rt, v);
  }
  if (rt instanceof protobuf.Enum) {
    return typeof v === 'string' ? rt.values[v] : Number(v);
  }
  if (field.type === 'bytes') {
    return Buffer.from(v).toString('base64');
  }
  if (QUOTED.has(field.type)) {
    return String(v);
  }
  return v;
}

function renderMessage(T, obj) {
  const out = {};
  for (const field of T.fieldsArray) {
    if (field.partOf) {
      throw new Error(`amino JSON: oneof field ${T.fullName}.${field.name} is not supported by this client`);
    }
    if (field.options && field.options['(amino.dont_omitempty)']) {
      throw new Error(`amino JSON: dont_omitempty field ${T.fullName}.${field.name} is not supported by this client`);
    }
    const v = obj[field.name];
    if (v === undefined || v === null || (field.repeated && v.length === 0)) {
      continue;
    }
    out[field.name] = field.repeated ? v.map((e) => renderValue(field, e)) : renderValue(field, v);
  }
  return out;
}

/** toAminoMsg returns {type, value} for a plain object of the proto type typeName. */
export function toAminoMsg(root, typeName, obj) {
  const T = root.lookupType(typeName);
  const type = T.options && T.options['(amino.name)'];
  if (!type) {
    throw new Error(`${typeName} has no amino.name option`);
  }
  return {type, value: renderMessage(T, prune(obj))};
}
