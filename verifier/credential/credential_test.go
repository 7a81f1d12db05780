package credential_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gowebpki/jcs"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/verifier/credential"
)

// fullCredential has every member this package reads, list forms, an issuer
// object and an unknown member.
const fullCredential = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://schemas.ndi.bt/v1", {"@vocab": "https://ndi.bt/#"}],
  "id": "urn:uuid:1",
  "type": ["VerifiableCredential", "BhutanDegreeCredential"],
  "issuer": {"id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk", "name": "Royal University of Bhutan"},
  "validFrom": "2026-01-15T09:30:00.5+06:00",
  "validUntil": "2031-01-15T09:30:00Z",
  "credentialSubject": [{"id": "did:ndi:local:holder1"}, {"id": "did:ndi:local:holder2"}],
  "credentialSchema": [
    {"id": "https://schemas.ndi.bt/degree/v1.json", "type": "JsonSchema", "digestSRI": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
    {"id": "https://schemas.ndi.bt/person/v1.json", "type": "JsonSchema"}
  ],
  "credentialStatus": [
    {"id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk/status/r#18446744073709551615", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
     "statusListIndex": "18446744073709551615", "statusListCredential": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk/status/r"},
    {"type": "BitstringStatusListEntry", "statusPurpose": "suspension", "statusListIndex": "0", "statusSize": 1,
     "statusMessage": [{"status": "0x0", "message": "valid"}],
     "statusListCredential": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk/status/s"}
  ],
  "evidence": {"note": "an unknown member, <kept> & signed"}
}`

func TestParseCredentialReadsEveryMember(t *testing.T) {
	c, err := credential.ParseCredential([]byte(fullCredential))
	require.NoError(t, err)

	require.Len(t, c.Context(), 3)
	require.JSONEq(t, `"https://www.w3.org/ns/credentials/v2"`, string(c.Context()[0]))
	require.JSONEq(t, `{"@vocab": "https://ndi.bt/#"}`, string(c.Context()[2]))
	require.Equal(t, "urn:uuid:1", c.ID())
	require.Equal(t, []string{"VerifiableCredential", "BhutanDegreeCredential"}, c.Types())
	require.Equal(t, "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk", c.Issuer())

	from, ok := c.ValidFrom()
	require.True(t, ok)
	require.True(t, from.Equal(time.Date(2026, 1, 15, 3, 30, 0, 500_000_000, time.UTC)), from)
	until, ok := c.ValidUntil()
	require.True(t, ok)
	require.True(t, until.Equal(time.Date(2031, 1, 15, 9, 30, 0, 0, time.UTC)))
	require.JSONEq(t, `[{"id": "did:ndi:local:holder1"}, {"id": "did:ndi:local:holder2"}]`, string(c.Subject()))

	require.Equal(t, []credential.Schema{
		{ID: "https://schemas.ndi.bt/degree/v1.json", Type: "JsonSchema", DigestSRI: "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
		{ID: "https://schemas.ndi.bt/person/v1.json", Type: "JsonSchema"},
	}, c.Schemas())

	statuses := c.Statuses()
	require.Len(t, statuses, 2)
	require.Equal(t, uint64(18446744073709551615), statuses[0].StatusListIndex)
	require.Equal(t, credential.StatusPurposeRevocation, statuses[0].StatusPurpose)
	require.Equal(t, "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk/status/r", statuses[0].StatusListCredential)
	require.Equal(t, uint64(0), statuses[0].StatusSize, "absent statusSize reads as 0 (meaning 1)")
	require.Equal(t, credential.StatusPurposeSuspension, statuses[1].StatusPurpose)
	require.Equal(t, uint64(0), statuses[1].StatusListIndex)
	require.Equal(t, uint64(1), statuses[1].StatusSize)
	require.JSONEq(t, `[{"status": "0x0", "message": "valid"}]`, string(statuses[1].StatusMessage))

	evidence, ok := c.Member("evidence")
	require.True(t, ok)
	require.JSONEq(t, `{"note": "an unknown member, <kept> & signed"}`, string(evidence))
}

func TestCredentialMarshalKeepsEveryMemberAsGiven(t *testing.T) {
	c, err := credential.ParseCredential([]byte(fullCredential))
	require.NoError(t, err)
	out, err := c.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(out), `<kept> & signed`, "no HTML escaping")
	require.True(t, strings.HasPrefix(string(out), `{"@context":`), "interpreted members come first: %s", out)

	want, err := jcs.Transform([]byte(fullCredential))
	require.NoError(t, err)
	got, err := jcs.Transform(out)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

func TestAbsentValidityBoundsReadAsNotSet(t *testing.T) {
	c, err := credential.ParseCredential([]byte(`{"@context":"https://www.w3.org/ns/credentials/v2","type":"VerifiableCredential",
		"issuer":"did:ndi:local:a","credentialSubject":{"name":"x"}}`))
	require.NoError(t, err)
	from, ok := c.ValidFrom()
	require.False(t, ok)
	require.True(t, from.IsZero())
	_, ok = c.ValidUntil()
	require.False(t, ok)
	require.Equal(t, []string{"VerifiableCredential"}, c.Types(), "a single type string is accepted")
	require.Empty(t, c.Schemas())
	require.Empty(t, c.Statuses())
}

func TestParseCredentialRefusals(t *testing.T) {
	base := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
		"issuer":"did:ndi:local:a","validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"id":"did:ndi:local:h"}}`)
	status := func(edit func(map[string]any)) func(map[string]any) {
		return func(m map[string]any) {
			entry := map[string]any{
				"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
				"statusListIndex": "7", "statusListCredential": "did:ndi:local:a/status/r",
			}
			edit(entry)
			m["credentialStatus"] = entry
		}
	}
	set := func(name string, v any) func(map[string]any) {
		return func(m map[string]any) { m[name] = v }
	}
	del := func(name string) func(map[string]any) {
		return func(m map[string]any) { delete(m, name) }
	}
	cases := []struct {
		name string
		raw  []byte
		edit func(map[string]any)
		want error
	}{
		{name: "input that is not JSON is refused", raw: []byte(`{"@context":`), want: credential.ErrMalformed},
		{name: "a JSON array is not a credential", raw: []byte(`[]`), want: credential.ErrMalformed},
		{name: "trailing data after the object is refused", raw: append(append([]byte{}, base...), []byte(` {}`)...), want: credential.ErrMalformed},
		{name: "a duplicate top-level member is refused", raw: []byte(`{"issuer":"did:ndi:local:a","issuer":"did:ndi:local:b"}`), want: credential.ErrMalformed},
		{name: "a duplicate nested member is refused", raw: []byte(`{"credentialSubject":{"id":"a","x":{"k":1,"k":2}}}`), want: credential.ErrMalformed},
		{name: "nesting deeper than the bound is refused", raw: []byte(`{"a":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`), want: credential.ErrMalformed},
		{name: "input over the size bound is refused", raw: []byte(`{"a":"` + strings.Repeat("x", credential.MaxCredentialSize) + `"}`), want: credential.ErrMalformed},
		{name: "@context is required", edit: del("@context"), want: credential.ErrInvalidCredential},
		{name: "@context must start with the v2 context", edit: set("@context", []any{"https://www.w3.org/2018/credentials/v1"}), want: credential.ErrInvalidCredential},
		{name: "v2 context second is not first", edit: set("@context", []any{"https://schemas.ndi.bt/v1", "https://www.w3.org/ns/credentials/v2"}), want: credential.ErrInvalidCredential},
		{name: "an empty @context is refused", edit: set("@context", []any{}), want: credential.ErrInvalidCredential},
		{name: "@context of the wrong JSON type is refused", edit: set("@context", 5), want: credential.ErrMalformed},
		{name: "an @context entry that is a number is refused", edit: set("@context", []any{"https://www.w3.org/ns/credentials/v2", 5}), want: credential.ErrMalformed},
		{name: "type is required", edit: del("type"), want: credential.ErrInvalidCredential},
		{name: "type must contain VerifiableCredential", edit: set("type", []any{"BhutanDegreeCredential"}), want: credential.ErrInvalidCredential},
		{name: "type of the wrong JSON type is refused", edit: set("type", 1), want: credential.ErrMalformed},
		{name: "an empty type value is refused", edit: set("type", []any{"VerifiableCredential", ""}), want: credential.ErrInvalidCredential},
		{name: "issuer is required", edit: del("issuer"), want: credential.ErrInvalidCredential},
		{name: "an issuer object needs an id", edit: set("issuer", map[string]any{"name": "RUB"}), want: credential.ErrInvalidCredential},
		{name: "an issuer that is not a URL is refused", edit: set("issuer", "Royal University"), want: credential.ErrInvalidCredential},
		{name: "issuer of the wrong JSON type is refused", edit: set("issuer", 3), want: credential.ErrMalformed},
		{name: "id must be a string", edit: set("id", 3), want: credential.ErrMalformed},
		{name: "credentialSubject is required", edit: del("credentialSubject"), want: credential.ErrInvalidCredential},
		{name: "credentialSubject must be an object", edit: set("credentialSubject", "did:ndi:local:h"), want: credential.ErrMalformed},
		{name: "an empty credentialSubject array is refused", edit: set("credentialSubject", []any{}), want: credential.ErrInvalidCredential},
		{name: "validFrom without a time is refused", edit: set("validFrom", "2026-01-01"), want: credential.ErrInvalidCredential},
		{name: "validFrom without a time zone is refused", edit: set("validFrom", "2026-01-01T00:00:00"), want: credential.ErrInvalidCredential},
		{name: "validFrom must be a string", edit: set("validFrom", 1767225600), want: credential.ErrMalformed},
		{name: "validUntil must be well formed", edit: set("validUntil", "soon"), want: credential.ErrInvalidCredential},
		{name: "validUntil before validFrom is refused", edit: set("validUntil", "2025-12-31T23:59:59Z"), want: credential.ErrInvalidCredential},
		{name: "validUntil equal to validFrom is refused", edit: set("validUntil", "2026-01-01T06:00:00+06:00"), want: credential.ErrInvalidCredential},
		{name: "a schema needs an id", edit: set("credentialSchema", map[string]any{"type": "JsonSchema"}), want: credential.ErrInvalidCredential},
		{name: "a schema needs a type", edit: set("credentialSchema", map[string]any{"id": "https://s.example/x"}), want: credential.ErrInvalidCredential},
		{name: "a schema list entry must be an object", edit: set("credentialSchema", []any{"https://s.example/x"}), want: credential.ErrMalformed},
		{name: "an empty schema list is refused", edit: set("credentialSchema", []any{}), want: credential.ErrInvalidCredential},
		{name: "statusListIndex as a JSON number is refused", edit: status(func(e map[string]any) { e["statusListIndex"] = 7 }), want: credential.ErrInvalidCredential},
		{name: "statusListIndex with a non-digit is refused", edit: status(func(e map[string]any) { e["statusListIndex"] = "7a" }), want: credential.ErrInvalidCredential},
		{name: "a negative statusListIndex is refused", edit: status(func(e map[string]any) { e["statusListIndex"] = "-7" }), want: credential.ErrInvalidCredential},
		{name: "statusListIndex over 64 bits is refused", edit: status(func(e map[string]any) { e["statusListIndex"] = "18446744073709551616" }), want: credential.ErrInvalidCredential},
		{name: "an empty statusListIndex is refused", edit: status(func(e map[string]any) { e["statusListIndex"] = "" }), want: credential.ErrInvalidCredential},
		{name: "statusListIndex is required", edit: status(func(e map[string]any) { delete(e, "statusListIndex") }), want: credential.ErrInvalidCredential},
		{name: "statusSize 2 is refused: lists are 1-bit", edit: status(func(e map[string]any) { e["statusSize"] = 2 }), want: credential.ErrUnsupported},
		{name: "statusSize 0 is refused", edit: status(func(e map[string]any) { e["statusSize"] = 0 }), want: credential.ErrInvalidCredential},
		{name: "statusSize as a string is refused", edit: status(func(e map[string]any) { e["statusSize"] = "1" }), want: credential.ErrInvalidCredential},
		{name: "a status type other than BitstringStatusListEntry is refused", edit: status(func(e map[string]any) { e["type"] = "StatusList2021Entry" }), want: credential.ErrUnsupported},
		{name: "statusPurpose is required", edit: status(func(e map[string]any) { delete(e, "statusPurpose") }), want: credential.ErrInvalidCredential},
		{name: "statusListCredential is required", edit: status(func(e map[string]any) { delete(e, "statusListCredential") }), want: credential.ErrInvalidCredential},
		{name: "statusListCredential must be a URL", edit: status(func(e map[string]any) { e["statusListCredential"] = "list 1" }), want: credential.ErrInvalidCredential},
		{name: "a status entry with a duplicate member is refused",
			raw: []byte(`{"credentialStatus":{"type":"BitstringStatusListEntry","type":"x"}}`), want: credential.ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := tc.raw
			if tc.edit != nil {
				raw = editJSON(t, base, tc.edit)
			}
			_, err := credential.ParseCredential(raw)
			require.ErrorIs(t, err, tc.want)
		})
	}
	_, err := credential.ParseCredential(base)
	require.NoError(t, err, "the base of the table is valid")
}

func TestBuilderWritesTheCredentialItReads(t *testing.T) {
	c := degree(t)
	out, err := c.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, `{"@context":["https://www.w3.org/ns/credentials/v2"],`+
		`"id":"urn:uuid:0b8c3a1e-4f2d-4a7b-9c1e-2d3f4a5b6c7d",`+
		`"type":["VerifiableCredential","BhutanDegreeCredential"],`+
		`"issuer":"did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",`+
		`"validFrom":"2026-01-15T09:30:00Z","validUntil":"2031-01-15T09:30:00Z",`+
		`"credentialSubject":{"id":"did:ndi:local:holder1","degree":{"type":"BachelorDegree","name":"B.Sc. Computer Science"}},`+
		`"credentialSchema":{"id":"https://schemas.ndi.bt/degree/v1.json","type":"JsonSchema","digestSRI":"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},`+
		`"credentialStatus":{"id":"did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk/status/degrees-revocation#42","type":"BitstringStatusListEntry",`+
		`"statusPurpose":"revocation","statusListIndex":"42","statusListCredential":"did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk/status/degrees-revocation"}}`,
		string(out))

	back, err := credential.ParseCredential(out)
	require.NoError(t, err)
	require.Equal(t, c.Types(), back.Types())
	require.Equal(t, c.Statuses(), back.Statuses())
	require.Equal(t, c.Schemas(), back.Schemas())
	require.Equal(t, c.Issuer(), back.Issuer())
	from, _ := back.ValidFrom()
	require.True(t, from.Equal(validFrom))
}

func TestBuilderListsASecondStatusEntry(t *testing.T) {
	c := degree(t).AddStatus(credential.StatusEntry{
		StatusPurpose: credential.StatusPurposeSuspension, StatusListIndex: 9,
		StatusListCredential: issuerDID + "/status/degrees-suspension",
	})
	out, err := c.MarshalJSON()
	require.NoError(t, err)
	back, err := credential.ParseCredential(out)
	require.NoError(t, err)
	require.Len(t, back.Statuses(), 2)
	require.Equal(t, credential.TypeBitstringStatusListEntry, back.Statuses()[1].Type, "the type defaults")
	raw, _ := back.Member("credentialStatus")
	require.Equal(t, byte('['), raw[0], "two entries are written as an array")
}

func TestNewDoesNotRepeatVerifiableCredential(t *testing.T) {
	c := credential.New(issuerDID, []string{"VerifiableCredential", degreeType}, json.RawMessage(`{}`))
	require.Equal(t, []string{"VerifiableCredential", degreeType}, c.Types())
}

func TestSchemaDigestSRI(t *testing.T) {
	sri, err := credential.SchemaDigestSRI("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	require.NoError(t, err)
	require.Equal(t, "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", sri)

	for _, bad := range []string{"", "e3b0", strings.Repeat("zz", 32)} {
		_, err := credential.SchemaDigestSRI(bad)
		require.ErrorIs(t, err, credential.ErrMalformed, bad)
	}
}

func TestMethodDID(t *testing.T) {
	did, err := credential.MethodDID(issuerDID + "#key-1")
	require.NoError(t, err)
	require.Equal(t, issuerDID, did)
	did, err = credential.MethodDID(issuerDID + "?versionTime=2026-01-01T00:00:00Z#key-1")
	require.NoError(t, err)
	require.Equal(t, issuerDID, did)

	for _, bad := range []string{issuerDID, issuerDID + "#", "https://rub.edu.bt#key-1", "did:#k", "did:ndi#k"} {
		_, err := credential.MethodDID(bad)
		require.ErrorIs(t, err, credential.ErrMalformed, bad)
	}
}

func TestIssuerObjectIDIsTheIssuer(t *testing.T) {
	raw := editJSON(t, []byte(fullCredential), func(m map[string]any) {
		m["issuer"] = map[string]any{"id": otherDID}
	})
	c, err := credential.ParseCredential(raw)
	require.NoError(t, err)
	require.Equal(t, otherDID, c.Issuer())
}

func TestSetValidFromWritesUTCSeconds(t *testing.T) {
	local := time.FixedZone("BTT", 6*3600)
	c := credential.New(issuerDID, nil, json.RawMessage(`{}`)).
		SetValidFrom(time.Date(2026, 3, 1, 12, 0, 0, 999, local))
	raw, ok := c.Member("validFrom")
	require.True(t, ok)
	require.Equal(t, `"2026-03-01T06:00:00Z"`, string(raw))
}
