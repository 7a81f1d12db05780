//go:build tools

// Package tools pins the versions of the build tools used by this repository.
// Build them with scripts/tools.sh; they land in build/tools/.
package tools

import (
	_ "github.com/bufbuild/buf/cmd/buf"
	_ "github.com/cosmos/gogoproto/protoc-gen-gocosmos"
	_ "github.com/fullstorydev/grpcurl/cmd/grpcurl"
	_ "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
	_ "github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway"
	_ "gotest.tools/gotestsum"

	// Not tools: required so their .proto files are in the module cache
	// (scripts/protocgen.sh finds them with `go list -m -f '{{.Dir}}'`).
	_ "github.com/cosmos/cosmos-proto"
	_ "github.com/cosmos/cosmos-sdk/types"
)
