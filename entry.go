package credwrapper

import (
	"container/list"
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/azcompat/credwrapper/internal/tokentime"
)

// entry caches the token of one cacheKey. It is a state machine with two
// states, idle and fetching (inflight != nil):
//
//	         get: refresh due and retryAt passed,
//	         or refresh(claims)
//	┌──────┐ ─────────────────────────────────────► ┌──────────┐
//	│ idle │                                        │ fetching │
//	└──────┘ ◄───────────────────────────────────── └──────────┘
//	         settle:
//	           success      cur = token, failures = 0, retryAt = 0
//	           failure      failures++, lastErr, retryAt = now + retryDelay
//	                        (a usable cur is kept)
//	           abandoned    nothing (the runner's context ended;
//	                        waiters still in time start the next fetch)
//
// There is at most one fetch (one GetToken) in flight, whoever started it. A
// caller without a usable token runs it on its own goroutine, and others
// without one wait for it, each no longer than its own context allows. With a
// usable token, it runs in the background and nobody waits. In idle before
// retryAt, callers with a usable token keep it and others fail fast with
// lastErr. A forced refresh (claims) ignores retryAt but not the fetch in
// flight: it waits for it, unless that is a refresh with the same claims,
// whose result it shares.
//
// The hot path is one atomic load of cur and one comparison with its
// refreshAt, which is never later than the token stops being usable.
type entry struct {
	// the following fields are read-only
	cred   azcore.TokenCredential
	logger *slog.Logger // nil: silent
	key    cacheKey
	scopes []string
	tenant string
	cae    bool

	cur atomic.Pointer[cachedToken] // the token to send, or nil
	// prev is the SHA-256 of the header of the token cur replaced (or that
	// a 401 expired), so that a late answer to a request that carried it is
	// still recognised as ours, without keeping the token itself.
	prev atomic.Pointer[[sha256.Size]byte]

	mu       sync.Mutex            // guards the fields below
	inflight *flight[*cachedToken] // the fetch in flight, or nil (idle)
	forced   string                // when inflight is a refresh: "refresh:" + its claims
	failures int                   // consecutive failed fetches
	lastErr  error                 // the cause of the last failure
	retryAt  time.Time             // no fetch starts before this (but a forced refresh)
	started  time.Time             // when the fetch in flight started

	elem    *list.Element // place in the cache's eviction order, nil when pinned; guarded by tokenCache.mu
	evicted atomic.Bool   // dropped from the cache: holders look the key up again
}

// Test hooks. They are package variables, not exported API.
var (
	// timeNow is the clock of the token cache.
	timeNow = time.Now
	// testHookWaiting is called when a caller starts waiting for a fetch
	// another caller started.
	testHookWaiting = func() {}
)

// maxBackgroundRefresh bounds a background refresh; it also never outlives
// the token it replaces.
const maxBackgroundRefresh = time.Minute

// get returns a token to send, fetching one when needed.
func (e *entry) get(ctx context.Context) (*cachedToken, error) {
	if t := e.cur.Load(); t != nil && timeNow().Before(t.refreshAt) {
		return t, nil
	}
	for {
		e.mu.Lock()
		now := timeNow()
		if t := e.cur.Load(); t.usable(now) {
			// Nobody waits: start the refresh if it is due, may start and
			// is not running, and keep the usable token.
			if !now.Before(t.refreshAt) && e.inflight == nil && !now.Before(e.retryAt) {
				go e.refreshInBackground(ctx, e.begin(""), t)
			}
			e.mu.Unlock()
			return t, nil
		}
		if err := ctx.Err(); err != nil {
			e.mu.Unlock()
			return nil, e.tokenError(err)
		}
		if f := e.inflight; f != nil {
			e.mu.Unlock()
			testHookWaiting()
			tok, retry, err := f.wait(ctx)
			switch {
			case retry:
				continue
			case err != nil && ctx.Err() != nil:
				return nil, e.tokenError(ctx.Err())
			}
			return tok, err
		}
		if now.Before(e.retryAt) {
			err := e.tokenError(&backoffError{err: e.lastErr, until: e.retryAt})
			e.mu.Unlock()
			return nil, err
		}
		f := e.begin("")
		e.mu.Unlock()
		e.fly(ctx, f, "")
		return f.val, f.err
	}
}

// refresh fetches a new token whatever the state of the cache (with claims
// when given), ignoring retryAt, and caches it. It waits for the fetch in
// flight unless that fetch is itself a refresh with the same claims, whose
// result it shares.
func (e *entry) refresh(ctx context.Context, claims string) (*cachedToken, error) {
	key := "refresh:" + claims
	for {
		if err := ctx.Err(); err != nil {
			return nil, e.tokenError(err)
		}
		e.mu.Lock()
		f := e.inflight
		if f == nil {
			f = e.begin(key)
			e.mu.Unlock()
			e.fly(ctx, f, claims)
			return f.val, f.err
		}
		shared := e.forced == key
		e.mu.Unlock()
		testHookWaiting()
		tok, retry, err := f.wait(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, e.tokenError(ctx.Err())
		case shared && !retry:
			return tok, err
		}
	}
}

// begin makes a new fetch the one in flight. e.mu must be held.
func (e *entry) begin(forced string) *flight[*cachedToken] {
	e.inflight, e.forced, e.started = newFlight[*cachedToken](), forced, timeNow()
	return e.inflight
}

// fly runs the fetch f on this goroutine: a panic of the credential releases
// the waiters and then continues to the caller.
func (e *entry) fly(ctx context.Context, f *flight[*cachedToken], claims string) {
	f.run(ctx, func(ctx context.Context) (*cachedToken, error) { return e.fetch(ctx, claims) }, e.settle)
}

// refreshInBackground runs the fetch f that replaces the usable token t. It
// keeps the values of the context of the caller that started it (tracing, for
// example) but not its cancellation, since it serves every caller. A panic of
// the credential is a failed refresh: settle recorded it, and it is not
// rethrown on a goroutine the application cannot recover.
func (e *entry) refreshInBackground(ctx context.Context, f *flight[*cachedToken], t *cachedToken) {
	defer func() { _ = recover() }()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), min(t.token.ExpiresOn.Sub(timeNow()), maxBackgroundRefresh))
	defer cancel()
	e.fly(ctx, f, "")
}

// settle records the outcome of the fetch f; it is the only transition out
// of fetching. A fetch that hands back the token already cached with no later
// expiry (a credential whose own refresh failed keeps its cached token) made
// no progress: it counts as a failure for the back-off, and the cached token,
// with its margin, stays as it was.
func (e *entry) settle(f *flight[*cachedToken]) {
	var ev event
	defer e.emit(&ev) // after the unlock below
	e.mu.Lock()
	defer e.mu.Unlock()
	claims := e.forced != ""
	e.inflight, e.forced = nil, ""
	var pe *panicError
	if errors.As(f.err, &pe) {
		f.err = e.tokenError(pe)
	}
	if f.abandoned {
		return
	}
	now, cur := timeNow(), e.cur.Load()
	if f.err == nil && (cur == nil || cur.header != f.val.header || f.val.token.ExpiresOn.After(cur.token.ExpiresOn)) {
		e.retire(cur)
		e.cur.Store(f.val)
		ev = e.acquired(f.val, now.Sub(e.started), claims, e.failures)
		e.failures, e.lastErr, e.retryAt = 0, nil, time.Time{}
		return
	}
	cause := errSameToken
	if f.err != nil {
		cause = errors.Unwrap(f.err) // the credential's error, without our TokenError
	}
	var usable time.Time
	if cur.usable(now) {
		usable = cur.usableUntil
	}
	e.failures++
	e.lastErr = cause
	e.retryAt = now.Add(tokentime.RetryDelay(e.failures, cause, now, usable))
	ev = e.refreshFailed(cause, e.failures, e.retryAt, !usable.IsZero())
}

// expireSent drops the cached token if it is the one whose header a service
// refused, so that the next caller fetches a new one (a newer token is kept).
func (e *entry) expireSent(header, host string) {
	e.mu.Lock()
	cur := e.cur.Load()
	dropped := cur != nil && cur.header == header
	if dropped {
		e.retire(cur)
		e.cur.Store(nil)
	}
	e.mu.Unlock()
	if dropped {
		ev := e.expired(host)
		e.emit(&ev)
	}
}

// retire remembers the digest of t's header as the previous one. e.mu must
// be held.
func (e *entry) retire(t *cachedToken) {
	if t != nil {
		sum := sha256.Sum256([]byte(t.header))
		e.prev.Store(&sum)
	}
}

// issued reports whether header (an Authorization value) carries this
// entry's current token or the one before it: whether a 401 answering it is
// about a token this wrapper attached.
func (e *entry) issued(header string) bool {
	if header == "" {
		return false
	}
	if t := e.cur.Load(); t != nil && t.header == header {
		return true
	}
	p := e.prev.Load()
	return p != nil && *p == sha256.Sum256([]byte(header))
}
