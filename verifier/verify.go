package verifier

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/verifier/credential"
	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// Verdicts, and the exit codes `ndid credential verify` gives them.
const (
	Valid     = "valid"     // exit 0: every check passed
	Invalid   = "invalid"   // exit 1: a check failed on answers the verifier believes
	Undecided = "undecided" // exit 2: a check could not be made (no answer, or an answer that did not prove)
)

// Check results.
const (
	Passed     = "passed"
	Failed     = "failed"
	NotDecided = "undecided"
)

// Check names, in the order they are made.
const (
	CheckFormat          = "format"
	CheckSignature       = "signature"
	CheckValidity        = "validity period"
	CheckCredentialType  = "credential type"
	CheckIssuerThen      = "issuer accredited at validFrom"
	CheckIssuerNow       = "issuer accredited now"
	CheckStatusPrefix    = "status"
	credentialTypeSchema = "NdiCredentialType"
	jsonSchemaType       = "JsonSchema"
)

// StatusQuery says how a credentialStatus entry is checked.
type StatusQuery string

const (
	// StatusWholeList fetches the whole list and reads the bit locally, so
	// the node cannot tell which credential is checked (herd privacy across
	// the list's entries). The default.
	StatusWholeList StatusQuery = "list"
	// StatusSingleIndex asks for one index: faster, but the node learns
	// which credential is being checked.
	StatusSingleIndex StatusQuery = "index"
)

// Options tune a verification.
type Options struct {
	StatusQuery StatusQuery
}

// Check is one step of a verdict.
type Check struct {
	Name   string `json:"check"`
	Result string `json:"result"`
	Detail string `json:"detail"`
}

// Verdict is the outcome of verifying one credential.
type Verdict struct {
	Verdict      string     `json:"verdict"`
	Format       string     `json:"format,omitempty"`
	CredentialID string     `json:"credentialId,omitempty"`
	Issuer       string     `json:"issuer,omitempty"`
	ValidFrom    *time.Time `json:"validFrom,omitempty"`
	Trust        Trust      `json:"trust"`
	Checks       []Check    `json:"checks"`
}

// ExitCode is the CLI's exit code for the verdict: 0 valid, 1 invalid, 2
// undecided.
func (v Verdict) ExitCode() int {
	switch v.Verdict {
	case Valid:
		return 0
	case Invalid:
		return 1
	default:
		return 2
	}
}

// unavailable marks an error that leaves a check undecided rather than
// failed: the chain gave no answer, or an answer that did not prove.
type unavailable struct{ err error }

func (u unavailable) Error() string { return u.err.Error() }
func (u unavailable) Unwrap() error { return u.err }

// chainErr classifies a query error: a NotFound is an answer (the thing did
// not exist); anything else leaves the check undecided.
func chainErr(what string, err error) error {
	if status.Code(err) == codes.NotFound {
		return fmt.Errorf("%s: %s", what, status.Convert(err).Message())
	}
	return unavailable{fmt.Errorf("%s: %w", what, err)}
}

// verification collects the checks of one credential.
type verification struct {
	ctx     context.Context
	src     Source
	opts    Options
	now     time.Time
	verdict Verdict
}

func (v *verification) add(name string, err error, passDetail string) bool {
	c := Check{Name: name, Result: Passed, Detail: passDetail}
	if err != nil {
		c.Result, c.Detail = Failed, err.Error()
		var u unavailable
		if errors.As(err, &u) {
			c.Result = NotDecided
		}
	}
	v.verdict.Checks = append(v.verdict.Checks, c)
	return err == nil
}

// Verify checks a secured credential (a compact VC-JOSE-COSE JWS or a JSON
// credential with a Data Integrity proof) against the chain as src answers
// it, and never fails: every problem is a check in the verdict.
func Verify(ctx context.Context, raw []byte, src Source, opts Options) Verdict {
	if opts.StatusQuery == "" {
		opts.StatusQuery = StatusWholeList
	}
	v := &verification{ctx: ctx, src: src, opts: opts, now: src.Trust().Time}
	v.verdict.Trust = src.Trust()
	v.run(raw)
	v.verdict.Verdict = Valid
	for _, c := range v.verdict.Checks {
		if c.Result == Failed {
			v.verdict.Verdict = Invalid
			break
		}
		if c.Result == NotDecided {
			v.verdict.Verdict = Undecided
		}
	}
	return v.verdict
}

func (v *verification) run(raw []byte) {
	sec, err := credential.Parse(raw)
	if !v.add(CheckFormat, err, "") {
		return
	}
	cred := sec.Credential()
	v.verdict.Format = string(sec.Format())
	v.verdict.CredentialID = cred.ID()
	v.verdict.Issuer = cred.Issuer()
	v.verdict.Checks[0].Detail = fmt.Sprintf("%s, proof by %s", sec.Format(), sec.VerificationMethod())

	// The issuer's key is the one its DID document had at validFrom: a key
	// rotated out later still vouches for what it signed while it was in.
	keyTime := v.now
	if from, ok := cred.ValidFrom(); ok {
		keyTime = from.UTC()
		v.verdict.ValidFrom = &keyTime
	}
	v.add(CheckSignature, sec.Verify(v.ctx, v.keyAt(cred.Issuer(), keyTime)),
		fmt.Sprintf("signed by %s, an assertionMethod key of %s at %s", sec.VerificationMethod(), cred.Issuer(), acctypes.FormatTime(keyTime)))
	v.add(CheckValidity, v.validity(cred), v.validityDetail(cred))

	typeID, err := v.credentialType(cred)
	if v.add(CheckCredentialType, err, typeID) {
		at := keyTime
		v.add(CheckIssuerThen, v.accredited(cred.Issuer(), typeID, &at), fmt.Sprintf("%s for %s at %s", cred.Issuer(), typeID, acctypes.FormatTime(at)))
		v.add(CheckIssuerNow, v.accredited(cred.Issuer(), typeID, nil), fmt.Sprintf("%s for %s at %s", cred.Issuer(), typeID, acctypes.FormatTime(v.now)))
	}
	for _, e := range cred.Statuses() {
		detail, err := v.status(cred.Issuer(), e)
		v.add(fmt.Sprintf("%s (%s) %s#%d", CheckStatusPrefix, e.StatusPurpose, e.StatusListCredential, e.StatusListIndex), err, detail)
	}
}

// keyAt resolves a verification method of the issuer as the issuer's DID
// document stood at t, and refuses a key that was not then an
// assertionMethod.
func (v *verification) keyAt(issuer string, t time.Time) credential.KeyResolver {
	return func(ctx context.Context, method string) (didsig.PublicKey, error) {
		did, _, _ := strings.Cut(method, "#")
		if did != issuer {
			return didsig.PublicKey{}, fmt.Errorf("verification method %s is not a key of the issuer %s", method, issuer)
		}
		res, err := v.src.Did(ctx, &didtypes.QueryDidRequest{Id: did, VersionTime: &t})
		if err != nil {
			return didsig.PublicKey{}, chainErr(fmt.Sprintf("issuer DID %s at %s", did, acctypes.FormatTime(t)), err)
		}
		if res.Metadata.Deactivated {
			return didsig.PublicKey{}, fmt.Errorf("issuer DID %s was deactivated at %s", did, acctypes.FormatTime(t))
		}
		if !res.Document.CanAssert(method) {
			return didsig.PublicKey{}, fmt.Errorf("%s was not an assertionMethod of %s at %s (version %s)", method, did, acctypes.FormatTime(t), res.Metadata.VersionId)
		}
		vm, ok := res.Document.FindMethod(method)
		if !ok {
			return didsig.PublicKey{}, fmt.Errorf("%s is not in the DID document of %s at %s", method, did, acctypes.FormatTime(t))
		}
		return didtypes.MethodKey(vm)
	}
}

func (v *verification) validity(c *credential.Credential) error {
	if from, ok := c.ValidFrom(); ok && v.now.Before(from) {
		return fmt.Errorf("not valid yet: validFrom %s is after %s", acctypes.FormatTime(from), acctypes.FormatTime(v.now))
	}
	if until, ok := c.ValidUntil(); ok && !v.now.Before(until) {
		return fmt.Errorf("expired: validUntil %s is not after %s", acctypes.FormatTime(until), acctypes.FormatTime(v.now))
	}
	return nil
}

func (v *verification) validityDetail(c *credential.Credential) string {
	from, until := "(none)", "(none)"
	if t, ok := c.ValidFrom(); ok {
		from = acctypes.FormatTime(t)
	}
	if t, ok := c.ValidUntil(); ok {
		until = acctypes.FormatTime(t)
	}
	return fmt.Sprintf("validFrom %s, validUntil %s, now %s", from, until, acctypes.FormatTime(v.now))
}

// credentialType finds the on-chain credential type the credential names
// (a credentialSchema entry of type NdiCredentialType) and checks that the
// credential is one: it carries the type's VC types, and a JsonSchema
// entry, if any, is the type's schema with its digest.
func (v *verification) credentialType(c *credential.Credential) (string, error) {
	var typeID string
	for _, s := range c.Schemas() {
		if s.Type == credentialTypeSchema {
			if typeID != "" {
				return "", fmt.Errorf("credentialSchema names two credential types (%s, %s)", typeID, s.ID)
			}
			typeID = s.ID
		}
	}
	if typeID == "" {
		return "", fmt.Errorf("no credentialSchema entry of type %s names the on-chain credential type", credentialTypeSchema)
	}
	if _, _, err := acctypes.ParseCredentialTypeID(typeID); err != nil {
		return "", fmt.Errorf("credentialSchema: %w", err)
	}
	res, err := v.src.CredentialType(v.ctx, &acctypes.QueryCredentialTypeRequest{Id: typeID})
	if err != nil {
		return "", chainErr("credential type "+typeID, err)
	}
	ct := res.CredentialType
	for _, want := range ct.VcTypes {
		if !contains(c.Types(), want) {
			return "", fmt.Errorf("credential type %s requires VC type %s, which the credential does not carry", typeID, want)
		}
	}
	for _, s := range c.Schemas() {
		if s.Type != jsonSchemaType {
			continue
		}
		if s.ID != ct.SchemaUri {
			return "", fmt.Errorf("credentialSchema %s is not the schema of %s (%s)", s.ID, typeID, ct.SchemaUri)
		}
		if sri, err := credential.SchemaDigestSRI(ct.SchemaDigest); s.DigestSRI != "" && (err != nil || s.DigestSRI != sri) {
			return "", fmt.Errorf("credentialSchema digestSRI %s does not match the on-chain digest of %s", s.DigestSRI, typeID)
		}
	}
	return typeID, nil
}

func (v *verification) accredited(issuer, typeID string, at *time.Time) error {
	res, err := v.src.VerifyIssuer(v.ctx, &acctypes.QueryVerifyIssuerRequest{IssuerDid: issuer, CredentialTypeId: typeID, AtTime: at})
	if err != nil {
		return chainErr("VerifyIssuer", err)
	}
	if !res.Accredited {
		return fmt.Errorf("not accredited at %s: %s", acctypes.FormatTime(res.AtTime), res.Reason)
	}
	return nil
}

// status checks one credentialStatus entry against the issuer's own list.
func (v *verification) status(issuer string, e credential.StatusEntry) (string, error) {
	listID := e.StatusListCredential
	owner, _, err := revtypes.ParseListID(listID)
	if err != nil {
		return "", fmt.Errorf("statusListCredential: %w", err)
	}
	if owner != issuer {
		return "", fmt.Errorf("status list %s is not the issuer's own (its issuer is %s)", listID, owner)
	}
	want, err := revtypes.ParseW3CPurpose(e.StatusPurpose)
	if err != nil {
		return "", err
	}
	if v.opts.StatusQuery == StatusSingleIndex {
		res, err := v.src.CredentialStatus(v.ctx, &revtypes.QueryCredentialStatusRequest{
			ListId: listID, RequiredIndex: &revtypes.QueryCredentialStatusRequest_Index{Index: e.StatusListIndex}})
		if err != nil {
			return "", chainErr("status list "+listID, err)
		}
		if res.Purpose != want {
			return "", fmt.Errorf("status list %s is a %s list, the credential says %s", listID, res.Purpose.W3CPurpose(), e.StatusPurpose)
		}
		if res.Set {
			return "", fmt.Errorf("%s since height %d (%s)", res.Status, res.ChangedHeight, acctypes.FormatTime(res.ChangedTime))
		}
		return fmt.Sprintf("not %s (list sequence %d; single-index query: the node learnt which index was checked)", want.StatusWord(true), res.Sequence), nil
	}
	res, err := v.src.StatusList(v.ctx, &revtypes.QueryStatusListRequest{ListId: listID})
	if err != nil {
		return "", chainErr("status list "+listID, err)
	}
	if res.List.Purpose != want {
		return "", fmt.Errorf("status list %s is a %s list, the credential says %s", listID, res.List.Purpose.W3CPurpose(), e.StatusPurpose)
	}
	if e.StatusListIndex >= res.List.SizeBits {
		return "", fmt.Errorf("statusListIndex %d is out of range: the list has %d entries", e.StatusListIndex, res.List.SizeBits)
	}
	bits, err := revtypes.DecodeList(res.EncodedList)
	if err != nil {
		return "", unavailable{fmt.Errorf("status list %s: encodedList: %w", listID, err)}
	}
	if uint64(len(bits))*8 < res.List.SizeBits {
		return "", unavailable{fmt.Errorf("status list %s: encodedList holds %d bits, the list has %d", listID, len(bits)*8, res.List.SizeBits)}
	}
	if revtypes.Bit(bits, e.StatusListIndex) {
		return "", fmt.Errorf("%s (list sequence %d as of %s)", want.StatusWord(true), res.Sequence, acctypes.FormatTime(res.AsOf))
	}
	return fmt.Sprintf("not %s (list sequence %d, whole list of %d entries fetched)", want.StatusWord(true), res.Sequence, res.List.SizeBits), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
