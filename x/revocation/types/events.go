package types

// Events emitted by x/revocation: counts and ranges, never one per index.
const (
	EventTypeCreateStatusList = "status_list_created"
	EventTypeUpdateStatusList = "status_list_updated"

	AttributeKeyListID       = "list_id"
	AttributeKeyIssuer       = "issuer_did"
	AttributeKeyPurpose      = "purpose"
	AttributeKeySizeBits     = "size_bits"
	AttributeKeySequence     = "sequence"
	AttributeKeySetCount     = "set_count"
	AttributeKeyClearedCount = "cleared_count"
	AttributeKeyFirstIndex   = "first_index"
	AttributeKeyLastIndex    = "last_index"
	AttributeKeyChunks       = "chunks_written"
)
