package types

import (
	"context"
	"time"

	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// SignBytes returns what DID keys sign for payload on chainID: the protobuf
// encoding of SignDoc{chain_id, payload_type, payload}. Binding the chain id
// stops a signature from being replayed on another network; binding the
// type stops a signature over one kind of payload from being read as
// another. docs/did-method.md gives the bytes field by field.
func SignBytes(chainID string, payload proto.Message) ([]byte, error) {
	bz, err := proto.Marshal(payload)
	if err != nil {
		return nil, err
	}
	doc := SignDoc{ChainId: chainID, PayloadType: "/" + proto.MessageName(payload), Payload: bz}
	return doc.Marshal()
}

// Document names the document a key source points at: "new" or "current".
func (s KeySource) Document() string {
	switch s {
	case KEY_SOURCE_NEW:
		return "new"
	case KEY_SOURCE_CURRENT:
		return "current"
	default:
		return "unspecified"
	}
}

// BlockTime is the block time as the NDI modules record it (DID metadata,
// accreditations, status-list versions): UTC, whole seconds. Every record
// and every "as of" comparison uses this one rounding, so a time read back
// from one module compares equal to the same block's time in another.
func BlockTime(ctx context.Context) time.Time {
	return RecordedTime(sdk.UnwrapSDKContext(ctx).BlockTime())
}

// RecordedTime is t as the NDI modules record times: UTC, whole seconds.
func RecordedTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}
