package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// InstrumentResolver wraps the DID resolver's HTTP handler: it counts each
// answer by status code and observes how long it took.
func (m *Metrics) InstrumentResolver(h http.Handler) http.Handler {
	return promhttp.InstrumentHandlerDuration(m.ResolverDuration,
		promhttp.InstrumentHandlerCounter(m.ResolverRequests, h))
}
