// Package resolver is the W3C DID Resolution HTTP(S) binding for did:ndi:
// `GET /1.0/identifiers/{did-or-did-url}` on the node's API server, answered
// from x/did's Did query.
//
// The path segment is the DID URL, percent-encoded once (a fragment must be
// sent as %23 since clients never send a raw '#'). DID parameters may come
// in the DID URL (an encoded '?') or as the HTTP query; `versionId` and
// `versionTime` (RFC 3339) select a version, other parameters are ignored.
//
// What a request gets:
//
//   - a DID: the DID resolution result `{didDocument, didResolutionMetadata,
//     didDocumentMetadata}` when the client accepts application/did-resolution,
//     application/ld+json;profile="https://w3id.org/did-resolution" (echoed
//     as the Content-Type), */* or sends no Accept; the bare DID document for
//     application/did+json or application/did+ld+json; 406 otherwise;
//   - a DID URL with a fragment: the verification method (top-level or
//     embedded in a relationship) or service with that id, as a DID URL
//     dereferencing result `{@context, dereferencingMetadata, contentStream,
//     contentMetadata}` or, for the bare media types, the object itself;
//   - a DID URL with a path: whatever the PathDereferencer registered for the
//     longest matching prefix answers (see WithPathDereferencer), which also
//     does its own content negotiation; no dereferencer means 404.
//
// A deactivated DID answers 410 with its document (or dereferenced object)
// and `deactivated: true` in the document metadata.
//
// Errors. Every failure goes through one mapping to a DID Resolution error
// type and HTTP status: INVALID_DID 400, INVALID_DID_URL 400, NOT_FOUND 404,
// REPRESENTATION_NOT_SUPPORTED 406, METHOD_NOT_SUPPORTED 501, INTERNAL_ERROR
// 500 (types are https://www.w3.org/ns/did#<NAME>). Query errors map by gRPC
// code: NotFound 404, InvalidArgument 400 INVALID_DID, anything else 500.
// The error is an RFC 9457 problem object {type, title, status, detail}, and
// the body shape follows one rule: an error answers in the shape the success
// would have had.
//
//   - If the success would have been a DID resolution result, the body is
//     `{"didDocument":null,"didResolutionMetadata":{"error":<problem>},
//     "didDocumentMetadata":{}}` with the negotiated result Content-Type.
//     A DID URL that cannot be parsed counts as a resolution request.
//   - If it would have been a dereferencing result (a fragment), the body is
//     `{"@context":…,"dereferencingMetadata":{"error":<problem>},
//     "contentStream":null,"contentMetadata":{}}`, same Content-Type rule.
//   - Otherwise (bare document or object requested, nothing acceptable (406),
//     path dereferencing) the body is the bare problem object with
//     Content-Type application/problem+json.
package resolver
