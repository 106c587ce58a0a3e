package credwrapper

import (
	"sync"
	"sync/atomic"
)

// maxHosts bounds the hosts a wrapper (ScopeFromHost) or a ChallengeAuthorizer
// remembers. A process talks to a bounded set of services: even one with a
// storage account or vault per customer rarely reaches a few hundred hosts.
// Past 4,096, a host costs about 100 bytes, and forgetting them all costs one
// re-learn per host (a string match for ScopeFromHost, one probe for
// ChallengeAuthorizer), so memory stays bounded whatever hosts requests name.
const maxHosts = 4096

// hostMap maps request hosts (keyed by hostrule.Key) to what was learned of them.
// Lookups take no lock; a store that would exceed maxHosts first forgets
// every host.
type hostMap[V any] struct {
	m  sync.Map     // host -> V
	mu sync.Mutex   // serializes stores and deletes
	n  atomic.Int64 // hosts in m
}

func (h *hostMap[V]) load(host string) (v V, ok bool) {
	x, ok := h.m.Load(host)
	if ok {
		v = x.(V)
	}
	return v, ok
}

func (h *hostMap[V]) store(host string, v V) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, loaded := h.m.Swap(host, v); loaded {
		return
	}
	if h.n.Add(1) > maxHosts {
		h.m.Clear()
		h.m.Store(host, v)
		h.n.Store(1)
	}
}

func (h *hostMap[V]) delete(host string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, loaded := h.m.LoadAndDelete(host); loaded {
		h.n.Add(-1)
	}
}

// len returns the number of hosts remembered.
func (h *hostMap[V]) len() int { return int(h.n.Load()) }
