// Package track1 refreshes the tokens of the track-1 clients' credentials
// (azure-storage-blob-go, azure-storage-queue-go), which call a refresher of
// their own on a timer: it gets the token from a CredentialWrapper, so that
// they share its cache, and says when to call again, by the schedule of
// internal/tokentime.
package track1

import (
	"context"
	"crypto/sha256"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/scoped"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// errNotUsable is the failure of a call that was handed a token the refresher
// already held and that is no longer usable.
var errNotUsable = errors.New("credwrapper: the token handed back is past its usable end")

// Refresher gets the token of one scope from a wrapper and schedules the next
// call: at the token's refresh time, and never after it stops being usable.
// It is safe for concurrent use.
type Refresher struct {
	src *scoped.Source

	mu      sync.Mutex // held for a whole call to the wrapper, and by Stop; guards the fields below
	stopped bool
	failed  tokentime.Backoff // of the calls that failed
	held    held              // the token last handed out, if any (kept once withdrawn)

	lastErr atomic.Pointer[error]
}

// held is the token a refresher handed out last, with its refresh time and
// usable end as of when the refresher first got it. It keeps the token's
// digest, not the token, so that no formatting of a refresher can print it.
type held struct {
	digest    [sha256.Size]byte // of the token; zero: none
	expiresOn time.Time
	refreshAt time.Time
	until     time.Time
}

// New returns a refresher of tokens for scope from w, CAE tokens when cae is
// set.
func New(w *credwrapper.CredentialWrapper, scope string, cae bool) (*Refresher, error) {
	src, err := scoped.New(w, scope, cae)
	if err != nil {
		return nil, err
	}
	return &Refresher{src: src}, nil
}

// Token gets a token at once, for the track-1 credential's initial value,
// waiting no longer than ctx allows and than tokentime.CallTimeout.
func (r *Refresher) Token(ctx context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tk, _, err := r.get(ctx)
	if err != nil {
		return "", err
	}
	return tk.Token, nil
}

// get asks the wrapper for the token, waiting at most
// tokentime.CallTimeout, and makes it the held one. It fails when the token
// is one the refresher already held and that is no longer usable. It returns
// the time of the answer. r.mu must be held.
func (r *Refresher) get(ctx context.Context) (azcore.AccessToken, time.Time, error) {
	tk, err := r.src.Token(ctx)
	now := tokentime.Now()
	if err != nil {
		return azcore.AccessToken{}, now, err
	}
	if digest := sha256.Sum256([]byte(tk.Token)); digest != r.held.digest || !tk.ExpiresOn.Equal(r.held.expiresOn) {
		// A token not seen before: its times are reckoned from now, as the
		// wrapper reckons them from when it got the token (the wrapper
		// checked that it has not expired). A token seen before keeps
		// them: handing it back again never extends its use.
		r.held = held{digest: digest, expiresOn: tk.ExpiresOn,
			refreshAt: tokentime.RefreshTime(tk, now), until: tokentime.UsableUntil(tk, now)}
	}
	if !now.Before(r.held.until) {
		return azcore.AccessToken{}, now, errNotUsable
	}
	return tk, now, nil
}

// Refresh gets the current token and hands it to set, and returns how long to
// wait before the next call (tokentime.NextCall): until the token's refresh
// time; when the wrapper hands back a token whose refresh is under way or
// failed, 30 s; never past the token's usable end, so the track-1 credential
// never holds a token that is no longer usable. It returns the token too ("" on
// failure).
//
// A failure keeps the token the caller has while that token is usable and is
// retried by tokentime.RetryCall: 1 s doubling to 30 s (or Entra ID's
// Retry-After), never past the usable end; once the token is no longer
// usable, set("") withdraws it. After Stop, Refresh returns 0, which tells
// the track-1 credentials to stop calling, and neither asks for a token nor
// sets one; it never returns 0 otherwise.
func (r *Refresher) Refresh(set func(token string)) (token string, next time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return "", 0
	}
	if set == nil {
		set = func(string) {}
	}
	tk, now, err := r.get(context.Background())
	if err != nil {
		d := r.failed.Fail(err, now, func(n int) time.Duration { return tokentime.RetryCall(n, err, now, r.held.until) })
		r.lastErr.Store(&err)
		if !r.held.expiresOn.IsZero() && !now.Before(r.held.until) {
			set("") // withdraw it
		}
		return "", max(d, time.Nanosecond)
	}
	r.failed.Reset()
	r.lastErr.Store(nil)
	set(tk.Token)
	return tk.Token, max(tokentime.NextCall(r.held.refreshAt, r.held.until, now), time.Nanosecond)
}

// Err returns the error of the last refresh, nil when it succeeded.
func (r *Refresher) Err() error {
	if err := r.lastErr.Load(); err != nil {
		return *err
	}
	return nil
}

// Stop waits for a refresh in progress to end (at most
// tokentime.CallTimeout), then makes every later Refresh return 0 without
// asking for a token or setting one: once Stop returns, the track-1
// credential's token never changes.
func (r *Refresher) Stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
}

// Scope returns the scope of the tokens.
func (r *Refresher) Scope() string { return r.src.Scope() }

// Start gets the first token of scope from w at once (waiting at most
// tokentime.CallTimeout) and builds the track-1 credential with
// newCredential, whose refresher is this package's: it sets each new token
// and returns the wait until the next call. It is what legacyblob and
// legacyqueue do with their libraries' NewTokenCredential.
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
