// Package metrics defines NDI Chain's own Prometheus metrics (every name
// starts with ndi_) and the side channels that feed them: an ABCI listener
// that counts DID, accreditation and status-list changes from the events of
// finalized blocks, an HTTP middleware for the DID resolver, and a gRPC
// wrapper timing x/revocation queries. Nothing here runs inside a state
// transition, so the metrics cannot affect consensus. docs/operations.md §6
// lists every metric; keep it in step with this file.
package metrics

import (
	"errors"
	"fmt"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Namespace prefixes every metric name.
const Namespace = "ndi"

// Label values of ndi_did_operations_total.
const (
	OpCreated     = "created"
	OpUpdated     = "updated"
	OpDeactivated = "deactivated"
)

// Label values of ndi_revocation_status_bits_changed_total's change label.
const (
	ChangeSet     = "set"
	ChangeCleared = "cleared"
)

// Latency buckets in seconds: 0.5 ms to 10 s, about ×2.5 apart. Queries
// served from the status-list cache take well under a millisecond; a cold
// 16-million-entry list takes tens of milliseconds; anything over a second
// is an incident.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Metrics holds the collectors. Its zero value is not usable; build it with
// New.
type Metrics struct {
	DIDOperations        *prometheus.CounterVec
	AccreditationChanges *prometheus.CounterVec
	StatusBitsChanged    *prometheus.CounterVec
	ResolverRequests     *prometheus.CounterVec
	ResolverDuration     *prometheus.HistogramVec
	StatusQueryDuration  *prometheus.HistogramVec
}

// New builds the collectors and registers them with reg. If reg already
// holds a collector of the same name (several apps in one process, as in
// the in-process test network), that collector is shared instead, so the
// process exports one series per name.
func New(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		DIDOperations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "did", Name: "operations_total",
			Help: "DID documents changed in finalized blocks, by operation (created, updated, deactivated).",
		}, []string{"op"}),
		AccreditationChanges: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "accreditation", Name: "changes_total",
			Help: "x/accreditation changes in finalized blocks, by kind (register_credential_type, register_trust_anchor, remove_trust_anchor, accredit, suspend, reinstate, revoke).",
		}, []string{"kind"}),
		StatusBitsChanged: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "revocation", Name: "status_bits_changed_total",
			Help: "Status-list entries changed in finalized blocks, by list purpose and change (set, cleared).",
		}, []string{"purpose", "change"}),
		ResolverRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "resolver", Name: "requests_total",
			Help: "DID Resolution HTTP requests answered, by HTTP status code.",
		}, []string{"code"}),
		ResolverDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "resolver", Name: "request_duration_seconds",
			Help:    "Time to answer a DID Resolution HTTP request, by HTTP status code.",
			Buckets: latencyBuckets,
		}, []string{"code"}),
		StatusQueryDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "revocation", Name: "query_duration_seconds",
			Help:    "Time to answer an x/revocation gRPC query, by method and gRPC status code.",
			Buckets: latencyBuckets,
		}, []string{"method", "code"}),
	}
	var err error
	if m.DIDOperations, err = register(reg, m.DIDOperations); err != nil {
		return nil, err
	}
	if m.AccreditationChanges, err = register(reg, m.AccreditationChanges); err != nil {
		return nil, err
	}
	if m.StatusBitsChanged, err = register(reg, m.StatusBitsChanged); err != nil {
		return nil, err
	}
	if m.ResolverRequests, err = register(reg, m.ResolverRequests); err != nil {
		return nil, err
	}
	if m.ResolverDuration, err = register(reg, m.ResolverDuration); err != nil {
		return nil, err
	}
	if m.StatusQueryDuration, err = register(reg, m.StatusQueryDuration); err != nil {
		return nil, err
	}
	// Known label values start at zero, so every series exists from the
	// start and rate() and alerts see the first change.
	for _, op := range []string{OpCreated, OpUpdated, OpDeactivated} {
		m.DIDOperations.WithLabelValues(op)
	}
	for _, kind := range accreditationKinds {
		m.AccreditationChanges.WithLabelValues(kind)
	}
	for _, purpose := range []string{"revocation", "suspension"} {
		for _, change := range []string{ChangeSet, ChangeCleared} {
			m.StatusBitsChanged.WithLabelValues(purpose, change)
		}
	}
	return m, nil
}

// CacheStats reports a cache's lookups so far; it must be safe to call
// from the scraping goroutine.
type CacheStats func() (hits, misses uint64)

// RegisterListCache exports stats as ndi_revocation_list_cache_requests_total
// {result="hit"|"miss"}. If reg already exports it, the existing collector
// reads stats from now on: the last app built in a process is the one that
// serves (ndid builds a throwaway app for its command tree before the node's).
func RegisterListCache(reg prometheus.Registerer, stats CacheStats) error {
	c := &listCacheCollector{stats: stats}
	err := reg.Register(c)
	if err == nil {
		return nil
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(*listCacheCollector); ok {
			existing.set(stats)
			return nil
		}
	}
	return fmt.Errorf("register list cache metric: %w", err)
}

var listCacheDesc = prometheus.NewDesc(Namespace+"_revocation_list_cache_requests_total",
	"StatusList queries served from the encoded status-list cache (hit) or encoded afresh (miss).",
	[]string{"result"}, nil)

// listCacheCollector reads a cache's counters when scraped.
type listCacheCollector struct {
	mu    sync.Mutex
	stats CacheStats
}

func (c *listCacheCollector) set(stats CacheStats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats = stats
}

func (c *listCacheCollector) Describe(ch chan<- *prometheus.Desc) { ch <- listCacheDesc }

func (c *listCacheCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	stats := c.stats
	c.mu.Unlock()
	hits, misses := stats()
	ch <- prometheus.MustNewConstMetric(listCacheDesc, prometheus.CounterValue, float64(hits), "hit")
	ch <- prometheus.MustNewConstMetric(listCacheDesc, prometheus.CounterValue, float64(misses), "miss")
}

// register registers c with reg, or returns the collector reg already holds
// under c's name.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	if err == nil {
		return c, nil
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	var zero C
	return zero, fmt.Errorf("register metric: %w", err)
}
