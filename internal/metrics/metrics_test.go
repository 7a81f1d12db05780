package metrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/ndi-chain/ndi/internal/metrics"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

func newMetrics(t *testing.T) (*metrics.Metrics, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := metrics.New(reg)
	require.NoError(t, err)
	return m, reg
}

func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var d dto.Metric
	require.NoError(t, c.Write(&d))
	return d.GetCounter().GetValue()
}

// seriesCount is how many series c exports.
func seriesCount(c prometheus.Collector) int {
	ch := make(chan prometheus.Metric)
	go func() {
		c.Collect(ch)
		close(ch)
	}()
	n := 0
	for range ch {
		n++
	}
	return n
}

func event(typ string, kv ...string) abci.Event {
	e := abci.Event{Type: typ}
	for i := 0; i < len(kv); i += 2 {
		e.Attributes = append(e.Attributes, abci.EventAttribute{Key: kv[i], Value: kv[i+1]})
	}
	return e
}

// The listener counts the events of successful transactions and of the
// block itself, and skips failed transactions' events.
func TestListenerCountsFinalizedChanges(t *testing.T) {
	m, _ := newMetrics(t)
	update := func(purpose, set, cleared string) abci.Event {
		return event(revocationtypes.EventTypeUpdateStatusList,
			revocationtypes.AttributeKeyPurpose, purpose,
			revocationtypes.AttributeKeySetCount, set,
			revocationtypes.AttributeKeyClearedCount, cleared)
	}
	res := abci.ResponseFinalizeBlock{
		Events: []abci.Event{event(accreditationtypes.EventTypeRegisterTrustAnchor)},
		TxResults: []*abci.ExecTxResult{
			{Code: abci.CodeTypeOK, Events: []abci.Event{
				event("message", "action", "/ndi.did.v1.MsgCreateDid"),
				event(didtypes.EventTypeCreateDid), event(didtypes.EventTypeUpdateDid),
				event(accreditationtypes.EventTypeAccredit), event(accreditationtypes.EventTypeSuspend),
				update("revocation", "2000", "0"), update("suspension", "3", "2"), update("bogus", "1", "0"),
			}},
			{Code: 5, Events: []abci.Event{event(didtypes.EventTypeDeactivateDid), update("revocation", "9", "9")}},
			{Code: abci.CodeTypeOK, Events: []abci.Event{event(didtypes.EventTypeDeactivateDid)}},
		},
	}
	require.NoError(t, metrics.NewListener(m).ListenFinalizeBlock(context.Background(), abci.RequestFinalizeBlock{}, res))

	for op, want := range map[string]float64{metrics.OpCreated: 1, metrics.OpUpdated: 1, metrics.OpDeactivated: 1} {
		require.Equal(t, want, counterValue(t, m.DIDOperations.WithLabelValues(op)), op)
	}
	require.Equal(t, 1.0, counterValue(t, m.AccreditationChanges.WithLabelValues("register_trust_anchor")))
	require.Equal(t, 1.0, counterValue(t, m.AccreditationChanges.WithLabelValues("accredit")))
	require.Equal(t, 1.0, counterValue(t, m.AccreditationChanges.WithLabelValues("suspend")))
	require.Equal(t, 2000.0, counterValue(t, m.StatusBitsChanged.WithLabelValues("revocation", metrics.ChangeSet)))
	require.Equal(t, 3.0, counterValue(t, m.StatusBitsChanged.WithLabelValues("suspension", metrics.ChangeSet)))
	require.Equal(t, 2.0, counterValue(t, m.StatusBitsChanged.WithLabelValues("suspension", metrics.ChangeCleared)))
	require.Equal(t, 1.0, counterValue(t, m.StatusBitsChanged.WithLabelValues("unknown", metrics.ChangeSet)))
	require.Equal(t, 7, seriesCount(m.AccreditationChanges), "every kind, from zero")
	require.Zero(t, counterValue(t, m.AccreditationChanges.WithLabelValues("revoke")))
	require.Equal(t, 5, seriesCount(m.StatusBitsChanged), "both purposes and changes from zero, and unknown")
	require.Zero(t, counterValue(t, m.StatusBitsChanged.WithLabelValues("revocation", metrics.ChangeCleared)), "the failed tx is not counted")
}

// A second registration on one registry shares the first's collectors.
func TestNewSharesCollectorsOnOneRegistry(t *testing.T) {
	first, reg := newMetrics(t)
	second, err := metrics.New(reg)
	require.NoError(t, err)
	second.DIDOperations.WithLabelValues(metrics.OpCreated).Inc()
	require.Equal(t, 1.0, counterValue(t, first.DIDOperations.WithLabelValues(metrics.OpCreated)))
}

func TestRegisterListCacheReadsStats(t *testing.T) {
	reg := prometheus.NewRegistry()
	hits, misses := uint64(7), uint64(2)
	require.NoError(t, metrics.RegisterListCache(reg, func() (uint64, uint64) { return 0, 0 }))
	require.NoError(t, metrics.RegisterListCache(reg, func() (uint64, uint64) { return hits, misses }), "a later app's cache takes over the series")
	hits = 8
	families, err := reg.Gather()
	require.NoError(t, err)
	require.Len(t, families, 1)
	require.Equal(t, "ndi_revocation_list_cache_requests_total", families[0].GetName())
	got := map[string]float64{}
	for _, mf := range families[0].GetMetric() {
		got[mf.GetLabel()[0].GetValue()] = mf.GetCounter().GetValue()
	}
	require.Equal(t, map[string]float64{"hit": 8, "miss": 2}, got)
}

func TestInstrumentResolverCountsByCode(t *testing.T) {
	m, _ := newMetrics(t)
	h := m.InstrumentResolver(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("{}"))
	}))
	for _, path := range []string{"/ok", "/ok", "/missing"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	require.Equal(t, 2.0, counterValue(t, m.ResolverRequests.WithLabelValues("200")))
	require.Equal(t, 1.0, counterValue(t, m.ResolverRequests.WithLabelValues("404")))
	require.Equal(t, 2, seriesCount(m.ResolverDuration))
}

// fakeServer records what is registered on it.
type fakeServer struct{ descs []*grpc.ServiceDesc }

func (f *fakeServer) RegisterService(sd *grpc.ServiceDesc, _ any) { f.descs = append(f.descs, sd) }

func TestTimeServicesTimesOnlyNamedServices(t *testing.T) {
	m, _ := newMetrics(t)
	ok := func(any, context.Context, func(any) error, grpc.UnaryServerInterceptor) (any, error) {
		return "ok", nil
	}
	srv := &fakeServer{}
	timed := m.TimeServices(srv, "ndi.revocation.v1.Query")
	timed.RegisterService(&grpc.ServiceDesc{ServiceName: "ndi.revocation.v1.Query",
		Methods: []grpc.MethodDesc{{MethodName: "StatusList", Handler: ok}}}, nil)
	timed.RegisterService(&grpc.ServiceDesc{ServiceName: "ndi.did.v1.Query",
		Methods: []grpc.MethodDesc{{MethodName: "Did", Handler: ok}}}, nil)
	require.Len(t, srv.descs, 2)
	for _, sd := range srv.descs {
		resp, err := sd.Methods[0].Handler(nil, context.Background(), nil, nil)
		require.NoError(t, err)
		require.Equal(t, "ok", resp)
	}
	require.Equal(t, 1, seriesCount(m.StatusQueryDuration), "only x/revocation's query is timed")
	var d dto.Metric
	require.NoError(t, m.StatusQueryDuration.WithLabelValues("StatusList", "OK").(prometheus.Metric).Write(&d))
	require.Equal(t, uint64(1), d.GetHistogram().GetSampleCount())
}
