package types

// Event types and attributes emitted by x/poa.
const (
	EventTypeAddValidator      = "poa_add_validator"
	EventTypeRemoveValidator   = "poa_remove_validator"
	EventTypeSetValidatorPower = "poa_set_validator_power"

	AttributeKeyOperator = "operator"
	AttributeKeyPower    = "power"
)
