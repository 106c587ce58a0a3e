package interop

import (
	"context"
	"flag"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

var soak = flag.Duration("soak", 20*time.Second, "how long TestRevocationSoak holds old and new clients under revocations (CI runs 150s)")

// Old and new clients share one wrapper (EnableCAE and Attach) under repeated
// Continuous Access Evaluation revocations: 32 goroutines, half driving a v68
// resources client and half an armresources client, for -soak (150 s in CI,
// with 20 s tokens and a revocation about every 10 s; the default run lasts
// 20 s, with 10 s tokens and a revocation every 5 s).
//
// What cannot depend on speed is asserted: no legacy call fails with the
// service's "token has been revoked" 401 (every request that carried a token
// the wrapper issued is answered), one revocation costs at most one claims
// refresh at Entra ID, and the heap stays bounded. Requests, failures of other kinds (a token that expired in transit
// on a starved machine) and the figures are logged.
func TestRevocationSoak(t *testing.T) {
	const goroutines = 32
	// A revocation every 10 s in a 150 s run, every 5 s at least: a new
	// client (azcore) answers one claims challenge per request, so a second
	// revocation while a request is being answered fails it, whoever supplies
	// the token; the legacy Sender answers up to three.
	every := max(*soak/15, 5*time.Second)
	lifetime := 2 * every // 20 s tokens in a 150 s run
	s := newSetup(t, &credwrappertest.Options{TokenLifetime: lifetime}, credwrapper.Options{EnableCAE: true})
	s.w.Attach(&s.legacy.Client)

	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heapBefore, goroutinesBefore := ms.HeapInuse, runtime.NumGoroutine()

	ctx, cancel := context.WithTimeout(context.Background(), *soak)
	defer cancel()
	type tally struct{ ok, revoked, other atomic.Int64 }
	var legacy, modern tally
	var firstOther atomic.Value
	count := func(tl *tally, err error) {
		switch {
		case err == nil:
			tl.ok.Add(1)
		case ctx.Err() != nil:
		case strings.Contains(err.Error(), "revoked"):
			if tl.revoked.Add(1) == 1 && tl == &legacy {
				t.Errorf("a revocation failed a legacy call: %v", err)
			}
		default:
			tl.other.Add(1)
			firstOther.CompareAndSwap(nil, err.Error())
		}
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for ctx.Err() == nil {
				if g%2 == 0 {
					count(&legacy, s.legacyList(ctx))
				} else {
					count(&modern, s.newList(ctx))
				}
			}
		})
	}
	revocations := 0
	ticker := time.NewTicker(every)
	for done := false; !done; {
		select {
		case <-ticker.C:
			s.fc.ARM.ChallengeOnce()
			revocations++
			s.fc.ARM.Reset() // the fake's record of requests: not what is measured
		case <-ctx.Done():
			done = true
		}
	}
	ticker.Stop()
	wg.Wait()

	var claims, plain int
	for _, r := range s.fc.Entra.TokenRequestLog() {
		if r.Claims != "" && strings.Contains(r.Claims, "nbf") {
			claims++
		} else {
			plain++
		}
	}
	s.fc.ARM.Reset()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("%v, %d goroutines, %v tokens, %d revocations: legacy %d ok, %d revoked, %d other; new %d ok, %d revoked, %d other (first: %v); Entra ID: %d claims token requests (%.2f per revocation), %d others; goroutines %d -> %d; heap in use %d KiB -> %d KiB",
		*soak, goroutines, lifetime, revocations,
		legacy.ok.Load(), legacy.revoked.Load(), legacy.other.Load(), modern.ok.Load(), modern.revoked.Load(), modern.other.Load(), firstOther.Load(),
		claims, float64(claims)/float64(max(revocations, 1)), plain,
		goroutinesBefore, runtime.NumGoroutine(), heapBefore>>10, ms.HeapInuse>>10)

	require.Positive(t, revocations)
	assert.Positive(t, legacy.ok.Load())
	assert.Positive(t, modern.ok.Load())
	assert.Zero(t, legacy.revoked.Load(), "legacy calls failed by a revocation")
	// A new client's revocation is answered by azcore's BearerTokenPolicy:
	// when a request without claims refills azcore's own token cache while
	// a challenged request waits for it, the challenged request is resent
	// with the revoked token and fails (azcore answers once). That happens
	// with any caching credential; at most the new requests in flight when
	// a revocation lands fail.
	assert.LessOrEqual(t, modern.revoked.Load(), int64(goroutines/2*revocations), "new calls failed by a revocation")
	assert.LessOrEqual(t, claims, revocations, "one revocation, at most one claims refresh")
	// The last revocation may find no request after it.
	assert.GreaterOrEqual(t, claims, revocations-1, "every revocation was heard and answered")
	assert.Less(t, ms.HeapInuse, heapBefore+32<<20, "the heap stays bounded")
}
