package types

import "time"

// NewQueryCredentialStatusRequest asks for the status of index on a list,
// now (at nil) or at a past time. The index always carries presence, so
// index 0 is asked for explicitly, never by omission.
func NewQueryCredentialStatusRequest(listID string, index uint64, at *time.Time) *QueryCredentialStatusRequest {
	return &QueryCredentialStatusRequest{ListId: listID, RequiredIndex: &QueryCredentialStatusRequest_Index{Index: index}, AtTime: at}
}
