package credwrapper

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// entry caches the token of one cacheKey (scopes, tenant, CAE) and is the
// one implementation of the protocol's transitions for it (see protocol.go
// for the protocol as a whole). It has two states, idle and fetching
// (fetching != nil):
//
//	         get: refresh due, not backing off
//	         refresh (forced), answer (a claims challenge)
//	┌──────┐ ─────────────────────────────────────► ┌──────────┐
//	│ idle │   (each start costs one of the          │ fetching │
//	└──────┘    calls of the last minute)            └──────────┘
//	         ◄─────────────────────────────────────
//	         settle:
//	           success           cur = token; the back-off of fetches without
//	                             claims is reset; a claims back-off is not
//	           failure           failed counts it; a usable cur is kept
//	           claims failure    keyed[host, claims] counts it; cur and
//	                             failed are left alone, so that a failed
//	                             claims refresh fails only the requests that
//	                             were challenged with those claims by that
//	                             host
//	           abandoned         nothing (the runner's context ended;
//	                             waiters still in time start the next fetch)
//
// There is at most one fetch (one GetToken) in flight, whoever started it. A
// caller without a usable token runs it on its own goroutine, and others
// without one wait for it, each no longer than its own context allows. With a
// usable token, it runs in the background and nobody waits. While backing off,
// callers with a usable token keep it and others fail fast with the last
// error. A forced refresh waits for the fetch in flight, unless that fetch is
// the same refresh (the same claims), whose result it shares. No fetch starts
// when calls holds MaxCredentialCallsPerEntryPerMinute calls of the last
// minute.
//
// Outside a fetch, a plain 401 to the current token drops it (expireSent),
// unless the host's plain 401s (keyed[host, ""]) are backing off. Every token
// cur stops holding joins the retired digests.
//
// The hot path is one atomic load of cur and one comparison with its
// refreshAt, which is never later than the token stops being usable.
type entry struct {
	cache  *tokenCache // the credential and the logger
	scopes []string    // the following three are read-only
	tenant string
	cae    bool

	cur atomic.Pointer[cachedToken] // the token to send, or nil

	mu       sync.Mutex                    // guards the fields below
	fetching *fetch                        // the fetch in flight, nil when idle
	failed   tokentime.Backoff             // of fetches without claims
	keyed    tokentime.Backoffs[claimsKey] // per host and claims: failed claims fetches, refusals of their answers, plain 401s (claims "")
	calls    tokentime.Window              // the credential calls of the last minute
	retired  retired                       // the tokens cur replaced, or a 401 expired
}

// claimsKey is what a claims back-off is kept for: the host that sent the
// challenge ("" for a new client's GetToken, which names none) and its
// claims.
type claimsKey struct{ host, claims string }

// fetch is the fetch in flight of an entry.
type fetch struct {
	*flight[*cachedToken]
	forced  bool      // a refresh asked for, not one the token's age made due
	key     claimsKey // the claims challenge it answers, if key.claims != ""
	started time.Time
}

// retired remembers the SHA-256 digests of the last headers an entry stopped
// sending, so that a late answer to a request that carried one of them is
// still recognised as an answer to this wrapper's token, without keeping the
// tokens themselves.
type retired struct {
	sums [16][sha256.Size]byte
	n    int // how many were ever added
}

func (r *retired) add(header string) {
	r.sums[r.n%len(r.sums)] = sha256.Sum256([]byte(header))
	r.n++
}

func (r *retired) has(header string) bool {
	sum := sha256.Sum256([]byte(header))
	for i := range min(r.n, len(r.sums)) {
		if r.sums[i] == sum {
			return true
		}
	}
	return false
}

// testHookWaiting is called when a caller starts waiting for a flight
// another caller started (a test hook, not exported API).
var testHookWaiting = func() {}

// get returns a token to send, fetching one when needed.
func (e *entry) get(ctx context.Context) (*cachedToken, error) {
	if t := e.cur.Load(); t != nil && tokentime.Now().Before(t.refreshAt) {
		return t, nil
	}
	return join(ctx, func() step[*cachedToken] {
		e.mu.Lock()
		defer e.mu.Unlock()
		now := tokentime.Now()
		if t := e.cur.Load(); t.usable(now) {
			// Nobody waits: start the refresh if it is due, may start and
			// is not running, and keep the usable token.
			if !now.Before(t.refreshAt) && e.fetching == nil && !e.failed.Active(now) && e.mayCall(now) == nil {
				go e.refreshInBackground(ctx, e.begin(now, false, claimsKey{}), t)
			}
			return step[*cachedToken]{val: t}
		}
		switch {
		case e.fetching != nil:
			// A claims refresh's failure is not this caller's: decide
			// again once it is over.
			return step[*cachedToken]{f: e.fetching.flight, again: e.fetching.key.claims != ""}
		case e.failed.Active(now):
			return step[*cachedToken]{err: e.tokenError(&backoffError{err: e.failed.Err, until: e.failed.Until})}
		}
		return e.start(ctx, now, false, claimsKey{})
	}, e.ctxError)
}

// refresh fetches a new token whatever the state of the cache, ignoring the
// back-off, and caches it. It waits for the fetch in flight unless that fetch
// is itself such a refresh, whose result it shares.
func (e *entry) refresh(ctx context.Context) (*cachedToken, error) {
	return join(ctx, func() step[*cachedToken] {
		e.mu.Lock()
		defer e.mu.Unlock()
		if f := e.fetching; f != nil {
			return step[*cachedToken]{f: f.flight, again: !f.forced || f.key.claims != ""}
		}
		return e.start(ctx, tokentime.Now(), true, claimsKey{})
	}, e.ctxError)
}

// answer returns a token satisfying the claims challenge that host sent to a
// request that carried sent (host and sent are "" for a new client's
// GetToken, which knows neither). It is the protocol's decision of when a
// claims fetch is due (see protocol.go):
//
//   - a usable token already fetched for these claims answers at once,
//     unless it is the one refused (sent), or, when sent is unknown, its
//     answer is older than tokentime.ClaimsAnswerStands;
//   - otherwise one fetch with the claims runs, shared by every challenge
//     with the same claims meanwhile;
//   - a token fetched for these claims and refused again counts as a failure
//     of (host, claims), and so does a failed claims fetch: the next fetch
//     for them waits for that back-off, and meanwhile their challenges fail
//     fast with a *backoffError.
func (e *entry) answer(ctx context.Context, host, claims, sent string) (*cachedToken, error) {
	k := claimsKey{host: host, claims: claims}
	return join(ctx, func() step[*cachedToken] {
		e.mu.Lock()
		defer e.mu.Unlock()
		now := tokentime.Now()
		cur := e.cur.Load()
		answered := cur.usable(now) && cur.claims == claims
		if answered && (sent != "" && cur.header != sent || sent == "" && now.Sub(cur.claimsAt) < tokentime.ClaimsAnswerStands) {
			return step[*cachedToken]{val: cur}
		}
		if f := e.fetching; f != nil {
			return step[*cachedToken]{f: f.flight, again: f.key.claims != claims}
		}
		if b := e.keyed.Get(k); b != nil && b.Active(now) {
			return step[*cachedToken]{err: e.tokenError(&backoffError{err: b.Err, until: b.Until})}
		}
		if answered {
			// The token fetched for these claims was refused with them again.
			e.keyed.Fail(k, errClaimsRefusedAgain, now, tokentime.FailureBackoff)
		}
		return e.start(ctx, now, true, k)
	}, e.ctxError)
}

// errRefused is the cause of the back-off of a host's plain 401s.
var errRefused = errors.New("the service refused the token with a 401")

// errClaimsRefusedAgain is the cause of the back-off of claims whose answer
// the service refused with the same claims.
var errClaimsRefusedAgain = errors.New("the service refused the token fetched for its claims challenge with the same claims again")

// mayCall returns nil when a credential call may start at now, or the error
// of a caller that must fail fast because the entry made
// MaxCredentialCallsPerEntryPerMinute calls in the last minute. e.mu must be
// held.
func (e *entry) mayCall(now time.Time) error {
	ok, until := e.calls.Allow(now)
	if ok {
		return nil
	}
	return &backoffError{err: errTooManyCalls, until: until}
}

// errTooManyCalls is the cause of a caller that failed fast because the
// entry made MaxCredentialCallsPerEntryPerMinute calls in the last minute.
var errTooManyCalls = fmt.Errorf("%d token requests in the last minute, the most the wrapper makes for one scope and tenant", tokentime.MaxCredentialCallsPerEntryPerMinute)

// start makes a new fetch the one in flight, run by the caller. e.mu must be
// held.
func (e *entry) start(ctx context.Context, now time.Time, forced bool, k claimsKey) step[*cachedToken] {
	if err := ctx.Err(); err != nil {
		return step[*cachedToken]{err: e.ctxError(err)}
	}
	if err := e.mayCall(now); err != nil {
		return step[*cachedToken]{err: e.tokenError(err)}
	}
	return step[*cachedToken]{f: e.begin(now, forced, k), run: true}
}

// begin makes a new fetch the one in flight and counts its call. e.mu must
// be held.
func (e *entry) begin(now time.Time, forced bool, k claimsKey) *flight[*cachedToken] {
	e.calls.Take(now)
	f := &fetch{forced: forced, key: k, started: now}
	f.flight = newFlight(func(ctx context.Context) (*cachedToken, error) { return e.fetch(ctx, k.claims) },
		func(*flight[*cachedToken]) { e.settle(f) })
	e.fetching = f
	return f.flight
}

// refreshInBackground runs the fetch f that replaces the usable token t,
// bounded by the call timeout and the token's own expiry. It
// keeps the values of the context of the caller that started it (tracing, for
// example) but not its cancellation, since it serves every caller. A panic of
// the credential is a failed refresh: settle recorded it, and it is not
// rethrown on a goroutine the application cannot recover.
func (e *entry) refreshInBackground(ctx context.Context, f *flight[*cachedToken], t *cachedToken) {
	defer func() { _ = recover() }()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), min(t.token.ExpiresOn.Sub(tokentime.Now()), tokentime.CallTimeout))
	defer cancel()
	f.run(ctx)
}

// settle records the outcome of the fetch f; it is the only transition out
// of fetching. A fetch that hands back the token already cached with no later
// expiry (a credential whose own refresh failed keeps its cached token) made
// no progress: it counts as a failure for the back-off, and the cached token,
// with its margin, stays as it was.
func (e *entry) settle(f *fetch) {
	var ev event
	defer e.emit(&ev) // after the unlock below
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fetching = nil
	var pe *panicError
	if errors.As(f.err, &pe) {
		f.err = e.tokenError(pe)
	}
	if f.abandoned {
		return
	}
	now, cur := tokentime.Now(), e.cur.Load()
	claims := f.key.claims
	if f.err == nil && (cur == nil || cur.header != f.val.header || f.val.token.ExpiresOn.After(cur.token.ExpiresOn)) {
		t := f.val // not yet published: settle completes it
		t.claims, t.claimsAt = claims, now
		if claims == "" && cur != nil {
			// a later token satisfies what its predecessor did
			t.claims, t.claimsAt = cur.claims, cur.claimsAt
		}
		e.retire(cur)
		e.cur.Store(t)
		ev = e.acquired(t, now.Sub(f.started), claims != "", e.failed.N)
		e.failed.Reset()
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
	var b *tokentime.Backoff
	if claims != "" {
		b = e.keyed.Fail(f.key, cause, now, func(n int) time.Duration { return tokentime.ClaimsBackoff(n, cause, now) })
	} else {
		b = &e.failed
		b.Fail(cause, now, func(n int) time.Duration { return tokentime.RetryDelay(n, cause, now, usable) })
	}
	ev = e.refreshFailed(cause, b.N, b.Until, !usable.IsZero(), claims != "")
}

// expireSent drops the cached token if it is the one whose header host
// refused with a plain 401, so that the next caller fetches a new one (a
// newer token is kept). The refusal counts in the host's back-off
// (keyed[host, ""]): the first drops the token at once, and while it backs
// off, the host's 401s drop nothing, so that a host refusing every token
// cannot make every request of the audience fetch one.
func (e *entry) expireSent(header, host string) {
	e.mu.Lock()
	cur, now := e.cur.Load(), tokentime.Now()
	k := claimsKey{host: host}
	dropped := cur != nil && cur.header == header && !e.keyed.Active(k, now)
	if dropped {
		e.keyed.Fail(k, errRefused, now, tokentime.RelearnDelay)
		e.retire(cur)
		e.cur.Store(nil)
	}
	e.mu.Unlock()
	if dropped {
		ev := e.expired(host)
		e.emit(&ev)
	}
}

// retire remembers t's header as one this entry issued. e.mu must be held.
func (e *entry) retire(t *cachedToken) {
	if t != nil {
		e.retired.add(t.header)
	}
}

// issued reports whether header (an Authorization value) carries this
// entry's current token or one of the last it replaced: whether a 401
// answering it is about a token this wrapper attached.
func (e *entry) issued(header string) bool {
	if header == "" {
		return false
	}
	if t := e.cur.Load(); t != nil && t.header == header {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.retired.has(header)
}

// fetch calls the credential and checks what it returned.
func (e *entry) fetch(ctx context.Context, claims string) (*cachedToken, error) {
	tk, err := e.cache.cred.GetToken(ctx, e.options(claims))
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// Keep errors.Is(err, context.DeadlineExceeded) working even when
			// the credential reports the cancellation as a string.
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return nil, e.tokenError(err)
	}
	now := tokentime.Now()
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

func (e *entry) options(claims string) policy.TokenRequestOptions {
	return policy.TokenRequestOptions{
		Scopes:    append([]string(nil), e.scopes...),
		TenantID:  e.tenant,
		EnableCAE: e.cae,
		Claims:    claims,
	}
}

func (e *entry) tokenError(err error) *TokenError {
	return &TokenError{Scopes: e.scopes, TenantID: e.tenant, Err: err}
}

func (e *entry) ctxError(err error) error { return e.tokenError(err) }

// cachedToken is an immutable snapshot of a token. It is replaced, never
// changed, so readers need no lock.
type cachedToken struct {
	token       azcore.AccessToken
	header      string    // "Bearer " + token.Token, built once
	refreshAt   time.Time // when to start fetching the next token; never after usableUntil
	usableUntil time.Time // when to stop sending it (see tokentime.ExpiryMargin)
	claims      string    // the last claims challenge this token, or one before it, was fetched for
	claimsAt    time.Time // when the token fetched for claims was cached
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
		refreshAt:   tokentime.RefreshTime(tk, now),
		usableUntil: tokentime.UsableUntil(tk, now),
	}
}

// usable reports whether the token may still be sent at now.
func (t *cachedToken) usable(now time.Time) bool {
	return t != nil && now.Before(t.usableUntil)
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
