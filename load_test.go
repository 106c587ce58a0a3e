package credwrapper

import (
	"context"
	"fmt"
	"net/http"
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
// of 2 s tokens, with an Entra ID that takes 200 ms to answer: exactly one
// token request per refresh, no request with an expired token, and no caller
// waiting for a token while a valid one exists.
func TestLoadShortTokens(t *testing.T) {
	const (
		goroutines = 200
		lifetime   = 2 * time.Second
		run        = 3 * lifetime
	)
	fc := credwrappertest.NewTest(t, &credwrappertest.Options{TokenLifetime: lifetime})
	fc.Entra.SetDefault(&credwrappertest.Reply{Delay: 200 * time.Millisecond})
	w, err := New(faultCredential(t, fc, -1), &Options{Cloud: fc.Configuration()})
	require.NoError(t, err)
	waiting := useWaitingHook(t)
	do := loadClient(fc, w)
	require.NoError(t, do(context.Background())) // the first token: everyone would wait for it
	require.Zero(t, waiting.Load())

	var requests, failures atomic.Int64
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
				if err := do(context.Background()); err != nil {
					failures.Add(1)
					once.Do(func() { firstErr = err })
					continue
				}
				requests.Add(1)
			}
		}()
	}
	wg.Wait()
	settle(t, w)

	tokens := fc.Entra.TokenRequests()
	t.Logf("%d goroutines, %v of %v tokens: %d requests (%.0f/s), %d token requests, %d distinct tokens at ARM",
		goroutines, run, lifetime, requests.Load(), float64(requests.Load())/run.Seconds(), tokens, fc.ARM.DistinctTokens())
	require.Zero(t, failures.Load(), "first failure: %v", firstErr)
	assert.Zero(t, waiting.Load(), "no caller waited for a token while a valid one existed")
	assert.Empty(t, fc.ARM.ExpiredAtReceipt(), "no request carried an expired token")
	assert.Empty(t, fc.ARM.Rejected())
	// One token request per refresh: every token was used, except perhaps the
	// last, when its refresh finished as the load stopped.
	assert.LessOrEqual(t, tokens-fc.ARM.DistinctTokens(), 1, "one token request per refresh")
	// a refresh about every 1.2 s (half the lifetime, plus Entra's 200 ms)
	assert.GreaterOrEqual(t, tokens, 4)
	assert.LessOrEqual(t, tokens, 8)
	assert.Greater(t, requests.Load(), int64(50*tokens), "tokens are shared, not per request")
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
