// Package track1 refreshes the tokens of the track-1 clients' credentials
// (azure-storage-blob-go, azure-storage-queue-go), which call a refresher of
// their own on a timer: it gets the token from a CredentialWrapper, so that
// they share its cache, and says when to call again.
package track1

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

const (
	// callTimeout bounds one refresh: the track-1 timer goroutine waits for it.
	callTimeout = time.Minute
	// minInterval is the shortest wait between two calls: when the wrapper
	// hands back a token whose refresh is due (its refresh runs in the
	// background), the next call comes a second later, not at once.
	minInterval = time.Second
	// firstRetry and maxRetry bound the back-off after failures: 1 s,
	// doubling, up to 30 s, and never giving up.
	firstRetry = time.Second
	maxRetry   = 30 * time.Second
)

// Refresher gets the token of one scope from a wrapper and schedules the next
// refresh at the token's refresh time. It is safe for concurrent use.
type Refresher struct {
	w        *credwrapper.CredentialWrapper
	scopes   []string
	cae      bool
	mu       sync.Mutex // held for a whole refresh, and by Stop
	stopped  bool
	failures int
	lastErr  atomic.Pointer[error]

	now func() time.Time // test hook
}

// New returns a refresher of tokens for scope from w, CAE tokens when cae is
// set.
func New(w *credwrapper.CredentialWrapper, scope string, cae bool) (*Refresher, error) {
	if w == nil {
		return nil, errors.New("the CredentialWrapper is nil")
	}
	return &Refresher{w: w, scopes: []string{scope}, cae: cae, now: time.Now}, nil
}

func (r *Refresher) options() policy.TokenRequestOptions {
	return policy.TokenRequestOptions{Scopes: r.scopes, EnableCAE: r.cae}
}

// Token gets a token at once, for the track-1 credential's initial value.
func (r *Refresher) Token(ctx context.Context) (string, error) {
	tk, err := r.w.GetToken(ctx, r.options())
	return tk.Token, err
}

// Refresh gets the current token and hands it to set (a failure keeps the
// token the caller has), and returns how long to wait before the next call:
// until the token's refresh time, at least a second; after a failure 1 s
// doubling to 30 s, for as long as it fails. It returns the token too ("" on
// failure). After Stop it returns 0, which tells the track-1 credentials to
// stop calling, and neither asks for a token nor sets one.
func (r *Refresher) Refresh(set func(token string)) (token string, next time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return "", 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	tk, err := r.w.GetToken(ctx, r.options())
	if err != nil {
		r.failures++
		r.lastErr.Store(&err)
		return "", min(firstRetry<<min(r.failures-1, 5), maxRetry)
	}
	r.failures = 0
	r.lastErr.Store(nil)
	if set != nil {
		set(tk.Token)
	}
	now := r.now()
	if due(tk, now) {
		// The wrapper refreshes it in the background: come back for the new
		// one soon.
		return tk.Token, minInterval
	}
	return tk.Token, max(tokentime.RefreshTime(tk, now).Sub(now), minInterval)
}

// due reports whether the wrapper's refresh of tk is due: past its RefreshOn,
// or inside the five minutes before expiry.
func due(tk azcore.AccessToken, now time.Time) bool {
	if !tk.RefreshOn.IsZero() && !tk.RefreshOn.After(now) {
		return true
	}
	return tk.ExpiresOn.Sub(now) <= tokentime.DefaultRefreshWindow
}

// Err returns the error of the last refresh, nil when it succeeded.
func (r *Refresher) Err() error {
	if err := r.lastErr.Load(); err != nil {
		return *err
	}
	return nil
}

// Stop waits for a refresh in progress to end (at most a minute), then makes
// every later Refresh return 0 without asking for a token or setting one: once
// Stop returns, the track-1 credential's token never changes.
func (r *Refresher) Stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
}

// Scope returns the scope of the tokens.
func (r *Refresher) Scope() string { return r.scopes[0] }

// Start gets the first token of scope from w at once and builds the track-1
// credential with newCredential, whose refresher is this package's: it sets
// each new token and returns the wait until the next call. It is what
// legacyblob and legacyqueue do with their libraries' NewTokenCredential.
func Start[C interface{ SetToken(string) }](w *credwrapper.CredentialWrapper, scope string, cae bool,
	newCredential func(initial string, refresher func(C) time.Duration) C) (C, *Refresher, error) {
	var zero C
	r, err := New(w, scope, cae)
	if err != nil {
		return zero, nil, err
	}
	initial, err := r.Token(context.Background())
	if err != nil {
		return zero, nil, err
	}
	c := newCredential(initial, func(c C) time.Duration {
		_, next := r.Refresh(c.SetToken)
		return next
	})
	return c, r, nil
}
