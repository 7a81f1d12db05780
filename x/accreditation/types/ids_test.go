package types_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/accreditation/types"
)

const did = "did:ndi:local:4vJ9JU1bJJE96FWSJKvHsE"

func TestParseIDs(t *testing.T) {
	cases := []struct {
		name string
		id   string
		ok   bool
	}{
		{"a well-formed id parses", did + "/accreditations/uni-2026.a_b", true},
		{"the name may be 64 characters", did + "/accreditations/" + strings.Repeat("a", 64), true},
		{"a name over 64 characters is refused", did + "/accreditations/" + strings.Repeat("a", 65), false},
		{"an empty name is refused", did + "/accreditations/", false},
		{"upper case in the name is refused", did + "/accreditations/Uni", false},
		{"a slash in the name is refused", did + "/accreditations/a/b", false},
		{"another DID method is refused", "did:web:example.com/accreditations/uni", false},
		{"a malformed unique-id is refused", "did:ndi:local:0OIl/accreditations/uni", false},
		{"a missing segment is refused", did + "/uni", false},
		{"a credential type id is not an accreditation id", did + "/types/uni", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			accreditor, name, err := types.ParseAccreditationID(tc.id)
			if !tc.ok {
				require.ErrorIs(t, err, types.ErrInvalidID)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.id, types.AccreditationID(accreditor, name), "parse and build are inverses")
		})
	}
	owner, name, err := types.ParseCredentialTypeID(did + "/types/degree")
	require.NoError(t, err)
	require.Equal(t, did, owner)
	require.Equal(t, "degree", name)
}

func FuzzParseAccreditationID(f *testing.F) {
	for _, seed := range []string{
		did + "/accreditations/uni", did + "/types/degree", "did:ndi:local:x/accreditations/", "", "/accreditations/a",
		did + "/accreditations/a/accreditations/b",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		accreditor, name, err := types.ParseAccreditationID(id)
		if err != nil {
			return
		}
		if types.AccreditationID(accreditor, name) != id {
			t.Fatalf("%q parsed into %q and %q, which do not rebuild it", id, accreditor, name)
		}
		if err := types.ValidateDID("accreditor", accreditor); err != nil {
			t.Fatalf("%q: accepted accreditor %q is not a DID: %v", id, accreditor, err)
		}
		if err := types.ValidateName("name", name); err != nil {
			t.Fatalf("%q: accepted name %q: %v", id, name, err)
		}
	})
}

func FuzzParseCredentialTypeID(f *testing.F) {
	for _, seed := range []string{did + "/types/degree", did + "/accreditations/uni", "did:ndi:local:x/types/", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		owner, name, err := types.ParseCredentialTypeID(id)
		if err != nil {
			return
		}
		if types.CredentialTypeID(owner, name) != id {
			t.Fatalf("%q parsed into %q and %q, which do not rebuild it", id, owner, name)
		}
	})
}
