package types

// Event types and attributes emitted by x/accreditation.
const (
	EventTypeRegisterCredentialType = "accreditation_register_credential_type"
	EventTypeRegisterTrustAnchor    = "accreditation_register_trust_anchor"
	EventTypeRemoveTrustAnchor      = "accreditation_remove_trust_anchor"
	EventTypeAccredit               = "accreditation_accredit"
	EventTypeSuspend                = "accreditation_suspend"
	EventTypeReinstate              = "accreditation_reinstate"
	EventTypeRevoke                 = "accreditation_revoke"

	AttributeKeyID            = "id"
	AttributeKeyDid           = "did"
	AttributeKeyAccreditorDid = "accreditor_did"
	AttributeKeySubjectDid    = "subject_did"
	AttributeKeyRole          = "role"
	AttributeKeyParentID      = "parent_id"
	AttributeKeyActor         = "actor"
	AttributeKeyVersion       = "version"
)
