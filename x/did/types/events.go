package types

// Events emitted by x/did.
const (
	EventTypeCreateDid     = "did_created"
	EventTypeUpdateDid     = "did_updated"
	EventTypeDeactivateDid = "did_deactivated"

	AttributeKeyDid       = "did"
	AttributeKeyVersionID = "version_id"
)
