// Package resolver is the W3C DID Resolution HTTP(S) binding for did:ndi:
// `GET /1.0/identifiers/{did-or-did-url}` on the node's API server, answered
// from x/did's Did query. Documents and their parts are DID Core JSON
// (MarshalDIDCore), not the proto JSON of the REST route
// /ndi/did/v1/dids/{id}.
//
// The path segment is the DID URL, percent-encoded once (a fragment must be
// sent as %23 since clients never send a raw '#'). DID parameters may come
// in the DID URL (an encoded '?') or as the HTTP query. Served: `versionId`
// and `versionTime` (RFC 3339) select a version; `service` selects a service
// by the fragment of its id (hub, #hub or <did>#hub); `relativeRef` (only
// with service) is resolved against that service's endpoint. Any other
// parameter is refused with INVALID_DID_URL rather than ignored.
//
// What a request gets, by kind and Accept (none and */* take the first row
// of each kind; a client that accepts several equally gets the earlier):
//
//   - a DID: the resolution result `{didDocument, didResolutionMetadata,
//     didDocumentMetadata}` for application/did-resolution (or the older
//     application/ld+json;profile="https://w3id.org/did-resolution", echoed
//     as the Content-Type); the dereferencing result `{@context,
//     dereferencingMetadata, contentStream, contentMetadata}` with the
//     document as contentStream for application/did-url-dereferencing; the
//     bare document for application/did, application/did+ld+json or
//     application/did+json, under that Content-Type;
//   - a DID URL with a fragment: the verification method (top-level or
//     embedded in a relationship) or service with that id, as the
//     dereferencing result (Content-Type application/did-url-dereferencing),
//     or bare for the three document types. A dereferencing result is never
//     labelled application/did-resolution: a client that accepts only
//     resolution results gets 406;
//   - a service selection (service, relativeRef): the selected service
//     endpoint URL, with relativeRef resolved (RFC 3986 §5) and the DID URL's
//     fragment appended, as a 303 See Other with that Location and no body
//     (also for text/uri-list), or as a dereferencing result whose
//     contentStream is the URL and contentType text/uri-list; for the three
//     document types, the DID document with only that service (without
//     relativeRef or fragment, which select a URL: 406). Only a serviceEndpoint
//     that is one absolute URI can be followed (a map or list is 404);
//     relativeRef may not carry a scheme or authority, so the 303 never
//     leaves the host the DID controller published;
//   - a DID URL with a path: whatever the PathDereferencer registered for the
//     longest matching prefix answers (see WithPathDereferencer), which does
//     its own content negotiation; no dereferencer means 404. Only a client
//     that names application/did-url-dereferencing (q > 0, not outranked by
//     another concrete type) gets a dereferencing result around the content
//     (JSON content as itself, other content as a JSON string), and its
//     dereferencer is then asked without an Accept header. A fragment on a
//     path is the client's to apply to the content, as for an HTTP URL.
//     Content the dereferencer tags with an ETag (and a Cache-Control) goes
//     out with both and Vary: Accept; an If-None-Match naming the tag gets
//     304 Not Modified without a body (see PathContent).
//
// Nothing acceptable for the kind of request is a 406.
//
// A deactivated DID answers 410 with its document (or dereferenced object)
// and `deactivated: true` in the document metadata; its services are not
// followed (410 with the dereferencing result instead of a 303).
//
// Errors. Every failure goes through one mapping to a DID Resolution error
// type and HTTP status: INVALID_DID 400, INVALID_DID_URL 400, NOT_FOUND 404,
// REPRESENTATION_NOT_SUPPORTED 406, METHOD_NOT_SUPPORTED 501, INTERNAL_ERROR
// 500 (types are https://www.w3.org/ns/did#<NAME>). Query errors map by gRPC
// code: NotFound 404, InvalidArgument 400 INVALID_DID, anything else 500.
// The error is an RFC 9457 problem object {type, title, status, detail}, and
// the body shape follows one rule: an error answers in the shape the success
// would have had. A DID URL that cannot be parsed is classified by what
// could be read of it (path, service parameters, fragment), and as a
// resolution when nothing could.
//
//   - If the success would have been a DID resolution result, the body is
//     `{"didDocument":null,"didResolutionMetadata":{"error":<problem>},
//     "didDocumentMetadata":{}}` with the negotiated result Content-Type.
//   - If it would have been a dereferencing result, the body is
//     `{"@context":…,"dereferencingMetadata":{"error":<problem>},
//     "contentStream":null,"contentMetadata":{}}` with Content-Type
//     application/did-url-dereferencing.
//   - Otherwise (bare document or object, a redirect, nothing acceptable
//     (406), path dereferencing) the body is the bare problem object with
//     Content-Type application/problem+json.
package resolver
