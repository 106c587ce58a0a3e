package credwrapper

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

// loadClient is a legacy autorest client for the fake ARM.
func loadClient(fc *credwrappertest.Cloud, a autorest.Authorizer) func(ctx context.Context) error {
	client := autorest.Client{Authorizer: a, Sender: fc.Client()}
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, fc.ARM.URL+"/subscriptions?api-version=2019-06-01", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
}

// 200 goroutines of legacy requests through one wrapper for three lifetimes
// of 2 s tokens, with an Entra ID that takes 200 ms to answer, on the real
// clock. Only what cannot depend on the speed of the machine is asserted: no
// token is handed out expired, at most one GetToken is in flight, and
// tokens are fetched no more often than every half lifetime. How often a
// caller waited, and whether a token expired in transit to ARM, depend on
// speed: they are logged.
func TestLoadShortTokens(t *testing.T) {
	const (
		goroutines = 200
		lifetime   = 2 * time.Second
		run        = 3 * lifetime
	)
	fc := credwrappertest.NewTest(t, &credwrappertest.Options{TokenLifetime: lifetime})
	fc.Entra.SetDefault(&credwrappertest.Reply{Delay: 200 * time.Millisecond})
	cred := wrapping(faultCredential(t, fc, -1))
	w, err := New(cred, &Options{Cloud: fc.Configuration()})
	require.NoError(t, err)
	waiting := useWaitingHook(t)
	client := autorest.Client{Sender: fc.Client()}
	dec := w.WithAuthorization()

	var requests, expiredHandedOut, failures, refusedInTransit, transport atomic.Int64
	var firstErr error
	var once sync.Once
	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				asked := time.Now() // authorize reads the clock after this
				req, err := autorest.Prepare(newRequest(t, fc.ARM.URL+"/subscriptions?api-version=2019-06-01"), dec)
				if err != nil {
					failures.Add(1)
					once.Do(func() { firstErr = err })
					continue
				}
				if exp, ok := cred.expiry(strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")); !ok || !asked.Before(exp) {
					expiredHandedOut.Add(1)
				}
				resp, err := client.Do(req)
				if err != nil {
					// A loopback connection reset on a starved machine is
					// the transport's, not the token's: logged.
					transport.Add(1)
					continue
				}
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusOK:
					requests.Add(1)
				case http.StatusUnauthorized:
					refusedInTransit.Add(1) // expired in transit: depends on speed
				default:
					failures.Add(1)
					once.Do(func() { firstErr = fmt.Errorf("status %d", resp.StatusCode) })
				}
			}
		}()
	}
	wg.Wait()
	settle(t, w)

	t.Logf("%d goroutines, %v of %v tokens: %d requests (%.0f/s), %d GetToken calls, %d waits for a token, %d tokens expired in transit, %d transport errors",
		goroutines, run, lifetime, requests.Load(), float64(requests.Load())/run.Seconds(), cred.calls.Load(), waiting.Load(), len(fc.ARM.ExpiredAtReceipt()), transport.Load())
	require.Zero(t, failures.Load(), "first failure: %v", firstErr)
	assert.Zero(t, expiredHandedOut.Load(), "a token was handed out after its expiry")
	assert.EqualValues(t, 1, cred.maxInFlight.Load(), "at most one GetToken in flight")
	// A fetched token is not replaced before half its lifetime: at most one
	// fetch per second, plus the first.
	assert.LessOrEqual(t, cred.calls.Load(), int64(2*run/lifetime+2))
	// ARM's refusals are those counted above; whether a token expired in
	// transit depends on how busy the machine is, so it is only logged.
	assert.EqualValues(t, len(fc.ARM.Rejected()), refusedInTransit.Load())
	// Every goroutine got a token and sent at least one request; how many
	// arrived in time depends on the machine.
	assert.GreaterOrEqual(t, requests.Load()+refusedInTransit.Load()+transport.Load(), int64(goroutines))
}

// BenchmarkLoad measures the throughput of legacy requests to the fake ARM
// over loopback TLS from 200 goroutines (parallelism 100 on 2 CPUs), through
// the wrapper with 2 s tokens (refreshed about every second) and, as the
// baseline, through a static header with a token valid for an hour.
//
// Run: go test -run '^$' -bench Load -benchtime 5s -count 6 . | tee load.txt && benchstat -col /impl load.txt
func BenchmarkLoad(b *testing.B) {
	fc, err := credwrappertest.New(&credwrappertest.Options{TokenLifetime: 2 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer fc.Close()
	cred, cfg, err := fc.Credential()
	if err != nil {
		b.Fatal(err)
	}
	w, err := New(cred, &Options{Cloud: cfg})
	if err != nil {
		b.Fatal(err)
	}
	static, err := fc.Entra.IssueToken(credwrappertest.TokenOptions{Scope: armScopePublic})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		a    autorest.Authorizer
	}{
		{"StaticHeader", headerFloor("Bearer " + static)},
		{"Wrapper", w},
	} {
		b.Run("impl="+tc.name, func(b *testing.B) {
			do := loadClient(fc, tc.a)
			if err := do(context.Background()); err != nil {
				b.Fatal(err)
			}
			fc.ARM.Reset()
			b.SetParallelism(100)
			b.ReportAllocs()
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := do(context.Background()); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
			fc.ARM.Reset()
		})
	}
	settle(b, w)
}
