package didsig_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

func TestParseAlgorithm(t *testing.T) {
	cases := []struct {
		name  string
		input string
		want  didsig.Algorithm
		err   error
	}{
		{name: "ed25519", input: "ed25519", want: didsig.Ed25519},
		{name: "p256 without dash", input: "p256", want: didsig.P256},
		{name: "p-256 with dash", input: "p-256", want: didsig.P256},
		{name: "names are case-insensitive", input: "Secp256K1", want: didsig.Secp256k1},
		{name: "unknown name is refused", input: "rsa", err: didsig.ErrUnsupportedKeyType},
		{name: "empty name is refused", input: "", err: didsig.ErrUnsupportedKeyType},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := didsig.ParseAlgorithm(tc.input)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestAlgorithmStringParsesBack(t *testing.T) {
	for _, alg := range allAlgorithms {
		got, err := didsig.ParseAlgorithm(alg.String())
		require.NoError(t, err)
		require.Equal(t, alg, got)
	}
	require.Equal(t, "Algorithm(0)", didsig.Algorithm(0).String())
}
