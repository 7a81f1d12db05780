package metrics

import (
	"context"
	"time"

	gogogrpc "github.com/cosmos/gogoproto/grpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

// TimedServer wraps a gRPC server so that the methods of the named
// services, once registered through it, observe their latency in
// StatusQueryDuration. Other services are registered unchanged.
type TimedServer struct {
	gogogrpc.Server
	m        *Metrics
	services map[string]bool
}

// TimeServices returns s with the given services (full names, such as
// "ndi.revocation.v1.Query") timed.
func (m *Metrics) TimeServices(s gogogrpc.Server, services ...string) TimedServer {
	set := make(map[string]bool, len(services))
	for _, name := range services {
		set[name] = true
	}
	return TimedServer{Server: s, m: m, services: set}
}

// RegisterService registers sd, timing its unary methods if its service is
// one of the timed ones.
func (t TimedServer) RegisterService(sd *grpc.ServiceDesc, impl any) {
	if !t.services[sd.ServiceName] {
		t.Server.RegisterService(sd, impl)
		return
	}
	timed := *sd
	timed.Methods = make([]grpc.MethodDesc, len(sd.Methods))
	for i, md := range sd.Methods {
		handler, method := md.Handler, md.MethodName
		timed.Methods[i] = grpc.MethodDesc{
			MethodName: method,
			Handler: func(srv any, ctx context.Context, dec func(any) error, in grpc.UnaryServerInterceptor) (any, error) {
				start := time.Now()
				resp, err := handler(srv, ctx, dec, in)
				t.m.StatusQueryDuration.WithLabelValues(method, status.Code(err).String()).Observe(time.Since(start).Seconds())
				return resp, err
			},
		}
	}
	t.Server.RegisterService(&timed, impl)
}
