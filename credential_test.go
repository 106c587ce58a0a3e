package credwrapper

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// scriptedCredential is an azcore.TokenCredential whose behaviour is a
// function field and whose calls are counted. With fn nil it issues a token
// named after the call number, valid for an hour. It measures the largest
// number of its calls in flight at once, and remembers the expiry of every
// token it returned.
type scriptedCredential struct {
	calls       atomic.Int64
	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	fn          func(ctx context.Context, opts policy.TokenRequestOptions, n int64) (azcore.AccessToken, error)

	mu      sync.Mutex
	reqs    []policy.TokenRequestOptions // every request, in order
	expires map[string]time.Time         // token -> its ExpiresOn
}

// wrapping returns a scriptedCredential that calls base.
func wrapping(base azcore.TokenCredential) *scriptedCredential {
	return &scriptedCredential{fn: func(ctx context.Context, opts policy.TokenRequestOptions, _ int64) (azcore.AccessToken, error) {
		return base.GetToken(ctx, opts)
	}}
}

func (c *scriptedCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	n := c.calls.Add(1)
	in := c.inFlight.Add(1)
	notifyProgress()
	defer notifyProgress()
	defer c.inFlight.Add(-1)
	for m := c.maxInFlight.Load(); in > m && !c.maxInFlight.CompareAndSwap(m, in); m = c.maxInFlight.Load() {
	}
	c.mu.Lock()
	c.reqs = append(c.reqs, opts)
	c.mu.Unlock()
	var tk azcore.AccessToken
	var err error
	if c.fn != nil {
		tk, err = c.fn(ctx, opts, n)
	} else {
		tk = azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}
	}
	if err == nil {
		c.mu.Lock()
		if c.expires == nil {
			c.expires = map[string]time.Time{}
		}
		c.expires[tk.Token] = tk.ExpiresOn
		c.mu.Unlock()
	}
	return tk, err
}

// expiry returns the ExpiresOn of a token the credential returned.
func (c *scriptedCredential) expiry(token string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.expires[token]
	return t, ok
}

func (c *scriptedCredential) requests() []policy.TokenRequestOptions {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]policy.TokenRequestOptions(nil), c.reqs...)
}

// The refresh policy's constants, under the names the cache's tests use.
const (
	maxExpiryMargin     = tokentime.MaxExpiryMargin
	refreshBackoff      = tokentime.RefreshBackoff
	firstFailureBackoff = tokentime.FirstFailureBackoff
	maxFailureBackoff   = tokentime.MaxFailureBackoff
)

// fakeClock replaces the cache's clock for one test.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func useFakeClock(t *testing.T) *fakeClock {
	t.Helper()
	c := &fakeClock{now: time.Now()}
	old := tokentime.Now
	tokentime.Now = c.Now
	t.Cleanup(func() { tokentime.Now = old })
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to now.
func (c *fakeClock) Set(now time.Time) {
	c.mu.Lock()
	c.now = now
	c.mu.Unlock()
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// useWaitingHook counts the callers that start waiting for another caller's
// token request.
func useWaitingHook(t *testing.T) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	old := testHookWaiting
	testHookWaiting = func() {
		n.Add(1)
		notifyProgress()
	}
	t.Cleanup(func() { testHookWaiting = old })
	return &n
}

// progress is broadcast by the fakes and hooks of the tests (a credential
// call starting or ending, a caller starting to wait, a probe arriving), so
// that waitFor wakes on events instead of polling.
var progress = struct {
	mu sync.Mutex
	ch chan struct{}
}{ch: make(chan struct{})}

// notifyProgress wakes every waitFor to check its condition again.
func notifyProgress() {
	progress.mu.Lock()
	close(progress.ch)
	progress.ch = make(chan struct{})
	progress.mu.Unlock()
}

// waitFor waits until cond is true, checking it after each progress
// notification, or reports an error after 20 s. It may be called from any
// goroutine.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	for {
		progress.mu.Lock()
		next := progress.ch
		progress.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-next:
		case <-deadline.C:
			t.Errorf("timed out waiting for %s", what)
			return
		}
	}
}

// nopTransport answers every request with 200 and an empty body.
type nopTransport struct{}

func (nopTransport) Do(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

// settle waits until the fetch in flight for w's primary entry, if any (a
// background refresh), has completed and its outcome is recorded.
func settle(t testing.TB, w *CredentialWrapper) {
	t.Helper()
	settleEntry(w.primary)
}

func settleEntry(e *entry) {
	e.mu.Lock()
	f := e.fetching
	e.mu.Unlock()
	if f != nil {
		<-f.done
	}
}
