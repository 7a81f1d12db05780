package verifier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ndi-chain/ndi/verifier/credential"
	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// Formats a credential is issued in.
const (
	FormatJWT           = "jwt" // VC-JOSE-COSE compact JWS, application/vc+jwt
	FormatDataIntegrity = "di"  // JSON with a Data Integrity proof
)

// ErrWouldNotVerify is returned by Issue for a credential the chain would
// not vouch for: issuing it would only hand a citizen something that fails.
var ErrWouldNotVerify = errors.New("refused: the credential would not verify")

// StatusRequest asks for a BitstringStatusListEntry.
type StatusRequest struct {
	ListID string
	Index  uint64
	// Purpose is "revocation" or "suspension"; it must be the list's.
	Purpose string
}

// IssueRequest is what `ndid credential issue` collects.
type IssueRequest struct {
	Issuer string
	TypeID string
	// Subject is the credentialSubject object.
	Subject json.RawMessage
	// ID is the credential's id (optional).
	ID         string
	ValidFrom  time.Time
	ValidUntil *time.Time
	Status     []StatusRequest
	// Format is FormatJWT or FormatDataIntegrity; Cryptosuite, for Data
	// Integrity, defaults to the key's (eddsa-jcs-2022 for Ed25519,
	// ecdsa-jcs-2019 for P-256).
	Format      string
	Cryptosuite string
	Key         didsig.PrivateKey
}

// Issued is a secured credential.
type Issued struct {
	// Credential is the secured form: the compact JWS or the JSON document.
	Credential []byte
	// MediaType is application/vc+jwt or application/vc+ld+json.
	MediaType          string
	VerificationMethod string
}

// Issue builds, checks and signs a credential. It asks src (the issuer's
// own node) whether the credential would verify, and refuses one that would
// not: an issuer not accredited for the type, a list that is not the
// issuer's or of the wrong purpose, an index out of range, or a key that
// is not an assertionMethod of the issuer.
func Issue(ctx context.Context, src Source, req IssueRequest) (Issued, error) {
	if req.Format != FormatJWT && req.Format != FormatDataIntegrity {
		return Issued{}, fmt.Errorf("format %q: want %s or %s", req.Format, FormatJWT, FormatDataIntegrity)
	}
	pub, err := req.Key.PublicKey()
	if err != nil {
		return Issued{}, fmt.Errorf("signing key: %w", err)
	}
	method, err := assertionMethodFor(ctx, src, req.Issuer, pub)
	if err != nil {
		return Issued{}, err
	}
	ctRes, err := src.CredentialType(ctx, &acctypes.QueryCredentialTypeRequest{Id: req.TypeID})
	if err != nil {
		return Issued{}, fmt.Errorf("%w: credential type %s: %w", ErrWouldNotVerify, req.TypeID, err)
	}
	ct := ctRes.CredentialType
	if ct.Deprecated {
		return Issued{}, fmt.Errorf("%w: credential type %s is deprecated", ErrWouldNotVerify, req.TypeID)
	}
	from := req.ValidFrom.UTC().Truncate(time.Second)
	for _, at := range []*time.Time{&from, nil} {
		res, err := src.VerifyIssuer(ctx, &acctypes.QueryVerifyIssuerRequest{IssuerDid: req.Issuer, CredentialTypeId: req.TypeID, AtTime: at})
		if err != nil {
			return Issued{}, fmt.Errorf("VerifyIssuer: %w", err)
		}
		if !res.Accredited {
			return Issued{}, fmt.Errorf("%w: %s is not accredited for %s at %s: %s", ErrWouldNotVerify, req.Issuer, req.TypeID, acctypes.FormatTime(res.AtTime), res.Reason)
		}
	}
	if req.ValidUntil != nil && !req.ValidUntil.After(from) {
		return Issued{}, fmt.Errorf("validUntil %s must be after validFrom %s", acctypes.FormatTime(*req.ValidUntil), acctypes.FormatTime(from))
	}
	for _, s := range req.Status {
		if err := checkStatusRequest(ctx, src, req.Issuer, s); err != nil {
			return Issued{}, err
		}
	}

	vcTypes := []string{"VerifiableCredential"}
	for _, t := range ct.VcTypes {
		if !contains(vcTypes, t) {
			vcTypes = append(vcTypes, t)
		}
	}
	c := credential.New(req.Issuer, vcTypes, req.Subject)
	if req.ID != "" {
		c.SetID(req.ID)
	}
	c.SetValidFrom(from)
	if req.ValidUntil != nil {
		c.SetValidUntil(req.ValidUntil.UTC().Truncate(time.Second))
	}
	c.AddSchema(credential.Schema{ID: req.TypeID, Type: credentialTypeSchema})
	if ct.SchemaUri != "" {
		sri, err := credential.SchemaDigestSRI(ct.SchemaDigest)
		if err != nil {
			return Issued{}, fmt.Errorf("credential type %s: schema_digest: %w", req.TypeID, err)
		}
		c.AddSchema(credential.Schema{ID: ct.SchemaUri, Type: jsonSchemaType, DigestSRI: sri})
	}
	for _, s := range req.Status {
		c.AddStatus(credential.StatusEntry{
			ID: fmt.Sprintf("%s#%d", s.ListID, s.Index), StatusPurpose: s.Purpose,
			StatusListIndex: s.Index, StatusListCredential: s.ListID,
		})
	}
	signer, err := credential.NewSigner(method, req.Key)
	if err != nil {
		return Issued{}, err
	}
	if req.Format == FormatJWT {
		jws, err := credential.SignJWT(c, signer)
		if err != nil {
			return Issued{}, err
		}
		return Issued{Credential: []byte(jws), MediaType: "application/vc+jwt", VerificationMethod: method}, nil
	}
	suite := req.Cryptosuite
	if suite == "" {
		if suite, err = defaultCryptosuite(pub.Algorithm); err != nil {
			return Issued{}, err
		}
	}
	doc, err := credential.SignDataIntegrity(c, suite, signer, from)
	if err != nil {
		return Issued{}, err
	}
	return Issued{Credential: doc, MediaType: "application/vc+ld+json", VerificationMethod: method}, nil
}

// assertionMethodFor finds the verification method of the issuer's current
// document that holds pub and is an assertionMethod.
func assertionMethodFor(ctx context.Context, src Source, issuer string, pub didsig.PublicKey) (string, error) {
	res, err := src.Did(ctx, &didtypes.QueryDidRequest{Id: issuer})
	if err != nil {
		return "", fmt.Errorf("issuer DID %s: %w", issuer, err)
	}
	if res.Metadata.Deactivated {
		return "", fmt.Errorf("%w: issuer DID %s is deactivated", ErrWouldNotVerify, issuer)
	}
	doc := res.Document
	for _, rel := range doc.AssertionMethod {
		id := rel.Reference
		if rel.Embedded != nil {
			id = rel.Embedded.Id
		}
		vm, ok := doc.FindMethod(id)
		if !ok {
			continue
		}
		if key, err := didtypes.MethodKey(vm); err == nil && key.Equal(pub) {
			return id, nil
		}
	}
	return "", fmt.Errorf("%w: the signing key is not an assertionMethod of %s (version %s)", ErrWouldNotVerify, issuer, res.Metadata.VersionId)
}

func checkStatusRequest(ctx context.Context, src Source, issuer string, s StatusRequest) error {
	want, err := revtypes.ParseW3CPurpose(s.Purpose)
	if err != nil {
		return err
	}
	res, err := src.StatusList(ctx, &revtypes.QueryStatusListRequest{ListId: s.ListID})
	if err != nil {
		return fmt.Errorf("%w: status list %s: %w", ErrWouldNotVerify, s.ListID, err)
	}
	l := res.List
	if l.IssuerDid != issuer {
		return fmt.Errorf("%w: status list %s is not the issuer's own (its issuer is %s)", ErrWouldNotVerify, s.ListID, l.IssuerDid)
	}
	if l.Purpose != want {
		return fmt.Errorf("%w: status list %s is a %s list, not %s", ErrWouldNotVerify, s.ListID, l.Purpose.W3CPurpose(), s.Purpose)
	}
	if s.Index >= l.SizeBits {
		return fmt.Errorf("%w: status index %d is out of range: %s has %d entries (0 to %d)", ErrWouldNotVerify, s.Index, s.ListID, l.SizeBits, l.SizeBits-1)
	}
	st, err := src.CredentialStatus(ctx, &revtypes.QueryCredentialStatusRequest{
		ListId: s.ListID, RequiredIndex: &revtypes.QueryCredentialStatusRequest_Index{Index: s.Index}})
	if err != nil {
		return fmt.Errorf("status of %s#%d: %w", s.ListID, s.Index, err)
	}
	if st.Set {
		return fmt.Errorf("%w: index %d of %s is already %s (since height %d)", ErrWouldNotVerify, s.Index, s.ListID, st.Status, st.ChangedHeight)
	}
	return nil
}

// defaultCryptosuite is the Data Integrity suite for a key: there is no W3C
// JCS cryptosuite for secp256k1, so those keys issue JWS (ES256K).
func defaultCryptosuite(alg didsig.Algorithm) (string, error) {
	switch alg {
	case didsig.Ed25519:
		return credential.SuiteEdDSAJCS2022, nil
	case didsig.P256:
		return credential.SuiteECDSAJCS2019, nil
	}
	return "", fmt.Errorf("%w: no W3C Data Integrity JCS cryptosuite signs with %s keys; issue with --format %s (ES256K)", credential.ErrUnsupported, alg, FormatJWT)
}
