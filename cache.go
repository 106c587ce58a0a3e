package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Test hooks. They are package variables, not exported API.
var (
	// timeNow is the clock of the token cache.
	timeNow = time.Now
	// testHookWaiting is called when a caller starts waiting for another
	// caller's token request.
	testHookWaiting = func() {}
	// testHookRefreshed is called when a background refresh ends.
	testHookRefreshed = func() {}
)

const (
	// defaultRefreshWindow is how long before expiry a token is refreshed when
	// the credential gives no RefreshOn (azcore uses the same five minutes).
	defaultRefreshWindow = 5 * time.Minute
	// refreshBackoff is the minimum time between two attempts to refresh a
	// token that is still valid, after one of them failed.
	refreshBackoff = 30 * time.Second
	// firstFailureBackoff and maxFailureBackoff bound how long callers fail
	// fast after a failed acquisition when no valid token exists: 1 s after
	// the first failure, doubling with each consecutive one, up to 30 s.
	firstFailureBackoff = time.Second
	maxFailureBackoff   = 30 * time.Second
	// maxRetryAfter caps a Retry-After sent by Entra ID.
	maxRetryAfter = 5 * time.Minute
)

// failureBackoff is how long to fail fast after the n-th consecutive failure
// err: the exponential back-off, or Entra ID's Retry-After when longer.
func failureBackoff(n int, err error) time.Duration {
	d := min(firstFailureBackoff<<min(n-1, 5), maxFailureBackoff)
	return max(d, min(retryAfter(err), maxRetryAfter))
}

// retryAfter reads the Retry-After of the token endpoint's last answer, when
// the credential's error carries it (azidentity's AuthenticationFailedError).
func retryAfter(err error) time.Duration {
	var af *azidentity.AuthenticationFailedError
	if !errors.As(err, &af) || af.RawResponse == nil {
		return 0
	}
	v := af.RawResponse.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(timeNow())
	}
	return 0
}

// backoffError is the error of a caller that failed fast: the last failure,
// and when the next attempt will be made.
type backoffError struct {
	err   error
	until time.Time
}

func (e *backoffError) Error() string {
	return e.err.Error() + " (failing fast after this failure; the next attempt is made after " + e.until.UTC().Format(time.RFC3339) + ")"
}

func (e *backoffError) Unwrap() error { return e.err }

// cacheKey identifies the requests that may share a token. Claims are not part
// of it: a request with claims is never served from the cache, and the token it
// obtains replaces the cached one for the same key.
type cacheKey struct {
	scopes string // scopes joined by a space, in the order given
	tenant string
	cae    bool
}

// tokenCache holds one entry per cacheKey. It is shared by a wrapper and every
// wrapper derived from it with WithScopes.
type tokenCache struct {
	cred azcore.TokenCredential

	mu      sync.Mutex // guards entries
	entries map[cacheKey]*entry
}

func newTokenCache(cred azcore.TokenCredential) *tokenCache {
	return &tokenCache{cred: cred, entries: make(map[cacheKey]*entry)}
}

// entry returns the entry for the given request, creating it on first use.
// Wrappers look their entries up once, at construction, so the hot path never
// touches the map.
func (c *tokenCache) entry(scopes []string, tenant string, cae bool) *entry {
	k := cacheKey{scopes: strings.Join(scopes, " "), tenant: tenant, cae: cae}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		e = &entry{cred: c.cred, scopes: append([]string(nil), scopes...), tenant: tenant, cae: cae}
		c.entries[k] = e
	}
	return e
}

// cachedToken is an immutable snapshot of a token. It is replaced, never
// changed, so readers need no lock.
type cachedToken struct {
	token       azcore.AccessToken
	header      string    // "Bearer " + token.Token, built once
	refreshAt   time.Time // when to start acquiring the next token
	usableUntil time.Time // when to stop sending it (see expiryMargin)
}

// String keeps the token out of any accidental formatting.
func (t cachedToken) String() string {
	return "credwrapper.cachedToken{ExpiresOn:" + t.token.ExpiresOn.String() + " Token:REDACTED}"
}

// GoString keeps the token out of %#v.
func (t cachedToken) GoString() string { return t.String() }

func newCachedToken(tk azcore.AccessToken, now time.Time) *cachedToken {
	return &cachedToken{
		token:       tk,
		header:      "Bearer " + tk.Token,
		refreshAt:   refreshTime(tk, now),
		usableUntil: tk.ExpiresOn.Add(-expiryMargin(tk.ExpiresOn.Sub(now))),
	}
}

// maxExpiryMargin bounds expiryMargin.
const maxExpiryMargin = 30 * time.Second

// expiryMargin is how long before its expiry a token stops being sent, so
// that a request does not reach the service with a token that expired in
// transit: a quarter of the token's lifetime, at most 30 s.
func expiryMargin(lifetime time.Duration) time.Duration {
	return max(0, min(maxExpiryMargin, lifetime/4))
}

// refreshTime is when a token acquired at now should be replaced: at RefreshOn
// when the credential sets it (and it falls before expiry), otherwise five
// minutes before expiry, or half-way through the token's remaining lifetime when
// that is shorter than ten minutes (a 60 s token is refreshed after 30 s, not on
// every request).
func refreshTime(tk azcore.AccessToken, now time.Time) time.Time {
	// A RefreshOn already past (a cached token handed back after a failed
	// proactive refresh) would make every caller refresh: ignore it.
	if !tk.RefreshOn.IsZero() && tk.RefreshOn.After(now) && tk.RefreshOn.Before(tk.ExpiresOn) {
		return tk.RefreshOn
	}
	window := defaultRefreshWindow
	if half := tk.ExpiresOn.Sub(now) / 2; half < window {
		window = half
	}
	return tk.ExpiresOn.Add(-window)
}

// valid reports whether the token may still be sent at now: it expires no
// sooner than its expiry margin from now.
func (t *cachedToken) valid(now time.Time) bool {
	return t != nil && now.Before(t.usableUntil)
}

// entry caches the token for one cacheKey.
//
// The current token is read with one atomic load. Only a caller that finds it
// missing, expired or due for refresh takes mu.
type entry struct {
	// the following fields are read-only
	cred   azcore.TokenCredential
	scopes []string
	tenant string
	cae    bool

	cur atomic.Pointer[cachedToken]

	mu          sync.Mutex // guards the fields below
	inflight    *call      // the request callers without a valid token wait for
	refreshing  bool       // a caller is refreshing a still-valid token
	nextAttempt time.Time  // no early refresh before this time (after a failure)
	// After a failed acquisition with no valid token, callers fail fast with
	// failErr until failUntil, so a failing Entra ID is not called on every
	// request; failures counts consecutive failures for the back-off.
	failErr   error
	failUntil time.Time
	failures  int
}

// call is one GetToken request shared by the callers that have no valid token.
type call struct {
	done chan struct{} // closed when tok and err are set
	tok  *cachedToken
	err  error
	// ctxErr records that the request failed because the context of the
	// caller that made it ended; waiters with live contexts then try again.
	ctxErr bool
}

// get returns a token for the entry, acquiring one when needed. It never
// blocks while a valid token exists: a due refresh runs in the background.
func (e *entry) get(ctx context.Context) (*cachedToken, error) {
	t := e.cur.Load()
	now := timeNow()
	if t != nil && now.Before(t.refreshAt) {
		return t, nil
	}
	if t.valid(now) {
		return e.refreshEarly(ctx, t, now), nil
	}
	return e.acquire(ctx)
}

// refreshEarly starts the refresh of a token that is due for refresh but
// still valid, and returns the token to use now. The refresh runs in the
// background, one at a time per entry, so no caller waits for it: every
// caller, including the one that started it, keeps using t until the new
// token arrives.
func (e *entry) refreshEarly(ctx context.Context, t *cachedToken, now time.Time) *cachedToken {
	e.mu.Lock()
	if e.refreshing || now.Before(e.nextAttempt) || e.cur.Load() != t {
		// Someone else is refreshing, we are backing off, or a newer token
		// arrived since our load: use the newest token.
		cur := e.cur.Load()
		e.mu.Unlock()
		if cur.valid(now) {
			return cur
		}
		return t
	}
	e.refreshing = true
	e.mu.Unlock()
	go e.refreshInBackground(context.WithoutCancel(ctx), t)
	return t
}

// maxBackgroundRefresh bounds a background refresh; it also never outlives
// the token it replaces.
const maxBackgroundRefresh = time.Minute

// refreshInBackground acquires the successor of t. It keeps the values of the
// context of the caller that started it (tracing, for example) but not its
// cancellation: the refresh serves every caller.
func (e *entry) refreshInBackground(ctx context.Context, t *cachedToken) {
	d := min(t.token.ExpiresOn.Sub(timeNow()), maxBackgroundRefresh)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	nt, err := e.fetch(ctx, "")

	e.mu.Lock()
	defer func() {
		e.mu.Unlock()
		testHookRefreshed()
	}()
	e.refreshing = false
	if err != nil {
		// The credential failed: keep the valid token and back off.
		e.nextAttempt = timeNow().Add(refreshBackoff)
		return
	}
	if nt.token.Token == t.token.Token {
		// The credential handed back the same token (its own refresh failed
		// and it kept its cached token): back off as after a failure.
		e.nextAttempt = timeNow().Add(refreshBackoff)
	}
	if cur := e.cur.Load(); cur == t || cur == nil {
		// (a newer token, from a claims challenge, is kept)
		e.cur.Store(nt)
	}
}

// acquire gets a token when none is valid. Concurrent callers share one
// GetToken request; each waits no longer than its own context allows.
func (e *entry) acquire(ctx context.Context) (*cachedToken, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, e.tokenError(err)
		}
		e.mu.Lock()
		if t := e.cur.Load(); t.valid(timeNow()) {
			// A request finished between our load and the lock.
			e.mu.Unlock()
			return t, nil
		}
		c := e.inflight
		if c == nil && timeNow().Before(e.failUntil) {
			err := e.tokenError(&backoffError{err: e.failErr, until: e.failUntil})
			e.mu.Unlock()
			return nil, err
		}
		if c != nil {
			e.mu.Unlock()
			testHookWaiting()
			select {
			case <-c.done:
			case <-ctx.Done():
				return nil, e.tokenError(ctx.Err())
			}
			if c.ctxErr && ctx.Err() == nil {
				// The caller that made the request gave up; try again.
				continue
			}
			return c.tok, c.err
		}
		c = &call{done: make(chan struct{})}
		e.inflight = c
		e.mu.Unlock()

		c.tok, c.err = e.fetch(ctx, "")
		c.ctxErr = c.err != nil && ctx.Err() != nil

		e.mu.Lock()
		e.inflight = nil
		switch {
		case c.err == nil:
			e.cur.Store(c.tok)
			e.nextAttempt = time.Time{}
			e.failures, e.failErr, e.failUntil = 0, nil, time.Time{}
		case !c.ctxErr:
			e.failures++
			e.failErr = errors.Unwrap(c.err) // the credential's error, without our TokenError
			e.failUntil = timeNow().Add(failureBackoff(e.failures, c.err))
		}
		e.mu.Unlock()
		close(c.done)
		return c.tok, c.err
	}
}

// refresh acquires a new token whatever the state of the cache (with claims
// when given) and replaces the cached one.
func (e *entry) refresh(ctx context.Context, claims string) (*cachedToken, error) {
	t, err := e.fetch(ctx, claims)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.cur.Store(t)
	e.nextAttempt = time.Time{}
	e.failures, e.failErr, e.failUntil = 0, nil, time.Time{}
	e.mu.Unlock()
	return t, nil
}

// expireSent drops the cached token if it is the one whose header a service
// refused, so that the next caller acquires a new one (a newer token is kept).
func (e *entry) expireSent(header string) {
	e.mu.Lock()
	if cur := e.cur.Load(); cur != nil && cur.header == header {
		e.cur.Store(nil)
	}
	e.mu.Unlock()
}

// fetch calls the credential and checks what it returned.
func (e *entry) fetch(ctx context.Context, claims string) (*cachedToken, error) {
	tk, err := e.cred.GetToken(ctx, e.options(claims))
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// Keep errors.Is(err, context.DeadlineExceeded) working even when
			// the credential reports the cancellation as a string.
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return nil, e.tokenError(err)
	}
	now := timeNow()
	if tk.Token == "" {
		return nil, e.tokenError(errEmptyToken)
	}
	if tk.ExpiresOn.IsZero() {
		return nil, e.tokenError(errNoExpiry)
	}
	if !now.Before(tk.ExpiresOn) {
		return nil, e.tokenError(errExpiredToken)
	}
	return newCachedToken(tk, now), nil
}

func (e *entry) tokenError(err error) *TokenError {
	return &TokenError{Scopes: e.scopes, TenantID: e.tenant, Err: err}
}

func (e *entry) options(claims string) policy.TokenRequestOptions {
	return policy.TokenRequestOptions{
		Scopes:    append([]string(nil), e.scopes...),
		TenantID:  e.tenant,
		EnableCAE: e.cae,
		Claims:    claims,
	}
}
