package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/go-autorest/autorest"

	"github.com/azcompat/credwrapper/internal/hostrule"
)

// ChallengeAuthorizer authorizes requests to challenge-based data-plane
// services, such as Key Vault, for legacy clients (the v68 keyvault
// BaseClient). It learns the scope and tenant of each host from the service's
// WWW-Authenticate challenge, once, by sending one unauthenticated request
// without a body, and caches them; go-autorest's BearerAuthorizerCallback sends
// that probe before every request.
//
// A challenge whose resource does not belong to the request host's domain
// (for Key Vault, a resource https://vault.azure.net for a host
// *.vault.azure.net) is refused, as azsecrets refuses it, so that a hostile
// endpoint cannot obtain a token for another audience.
//
// Create one with [CredentialWrapper.ChallengeAuthorizer]; it shares the
// wrapper's credential and token cache and is safe for concurrent use.
type ChallengeAuthorizer struct {
	w         *CredentialWrapper
	sender    autorest.Sender
	decorator autorest.PrepareDecorator

	learned hostMap[*entry] // host -> the entry its challenge named

	mu       sync.Mutex                 // guards probes and refusals
	probes   map[string]*flight[*entry] // host -> the probe in flight
	refusals map[string]refusal         // host -> its refusals since its last accepted token
	refusing atomic.Int32               // len(refusals), read without mu
}

// refusal counts the consecutive 401 answers that made a ChallengeAuthorizer
// forget a host, and says when the host may be probed again.
type refusal struct {
	n         int
	relearnAt time.Time
}

var _ autorest.Authorizer = (*ChallengeAuthorizer)(nil)

// ChallengeAuthorizer returns an authorizer for challenge-based services that
// probes hosts with sender (nil means go-autorest's default sender; pass the
// legacy client's Sender).
func (w *CredentialWrapper) ChallengeAuthorizer(sender autorest.Sender) *ChallengeAuthorizer {
	if sender == nil {
		sender = autorest.CreateSender()
	}
	a := &ChallengeAuthorizer{w: w, sender: sender, probes: map[string]*flight[*entry]{}, refusals: map[string]refusal{}}
	a.decorator = authorizing(a.authorize)
	return a
}

// WithAuthorization implements autorest.Authorizer.
func (a *ChallengeAuthorizer) WithAuthorization() autorest.PrepareDecorator { return a.decorator }

// ChallengeError is returned when a host's authentication challenge is
// refused or malformed, or the host answers the probe with neither a
// challenge nor a transient failure. It satisfies adal.TokenRefreshError, so
// go-autorest does not retry the request. A transport error or a 5xx or 429
// answer to the probe is transient instead: it is returned as a plain error
// wrapping the cause, so that go-autorest's retry applies.
type ChallengeError struct {
	// Host is the request's host.
	Host string
	// Err says what went wrong.
	Err error
}

// Error describes the failure.
func (e *ChallengeError) Error() string {
	return fmt.Sprintf("credwrapper: learning the authentication challenge of %s: %v", e.Host, e.Err)
}

// Unwrap returns the cause.
func (e *ChallengeError) Unwrap() error { return e.Err }

// Response returns nil; it makes ChallengeError an adal.TokenRefreshError.
func (e *ChallengeError) Response() *http.Response { return nil }

// NonRetriable marks the error as not to be retried by an azcore pipeline.
func (e *ChallengeError) NonRetriable() {}

func (a *ChallengeAuthorizer) authorize(r *http.Request) error {
	if err := a.w.checkRequest(r); err != nil {
		return err
	}
	e, err := a.target(r)
	if err != nil {
		return err
	}
	t, err := e.get(r.Context())
	if err != nil {
		return err
	}
	setHeader(r, headerAuthorization, t.header)
	return nil
}

// learnedEntry returns the cache entry learned for host. If the cache
// evicted it, the entry now cached for the same key is looked up and kept in
// its place, so that the lookup happens once, not on every request.
func (a *ChallengeAuthorizer) learnedEntry(host string) (*entry, bool) {
	e, ok := a.learned.load(host)
	if !ok || !e.evicted.Load() {
		return e, ok
	}
	cur := a.w.cache.refreshed(e)
	a.learned.replace(host, e, cur) // unless the host was forgotten meanwhile
	return cur, true
}

// target returns the cache entry for r's host, probing the host once:
// concurrent callers share one probe.
func (a *ChallengeAuthorizer) target(r *http.Request) (*entry, error) {
	host := hostrule.Key(r.URL.Host)
	if e, ok := a.learnedEntry(host); ok {
		return e, nil
	}
	ctx := r.Context()
	for {
		a.mu.Lock()
		if e, ok := a.learnedEntry(host); ok {
			a.mu.Unlock()
			return e, nil
		}
		f, ok := a.probes[host]
		if !ok {
			if rf := a.refusals[host]; timeNow().Before(rf.relearnAt) {
				a.mu.Unlock()
				return nil, &ChallengeError{Host: host, Err: fmt.Errorf("the host refused the last %d tokens learned from its challenges; it is probed again after %s",
					rf.n, rf.relearnAt.UTC().Format(time.RFC3339))}
			}
			f = newFlight[*entry]()
			a.probes[host] = f
			a.mu.Unlock()
			f.run(ctx, func(ctx context.Context) (*entry, error) { return a.probe(ctx, r, host) }, func(f *flight[*entry]) {
				a.mu.Lock()
				defer a.mu.Unlock()
				delete(a.probes, host)
				var pe *panicError
				if errors.As(f.err, &pe) {
					f.err = &ChallengeError{Host: host, Err: pe}
				}
				if f.err == nil {
					a.learned.store(host, f.val)
				}
				a.logProbe(host, f.val, f.err)
			})
			return f.val, f.err
		}
		a.mu.Unlock()
		testHookWaiting()
		e, retry, err := f.wait(ctx)
		switch {
		case retry:
			continue
		case err != nil && ctx.Err() != nil:
			return nil, &ChallengeError{Host: host, Err: ctx.Err()}
		}
		return e, err
	}
}

// probe sends r (to host, lower-cased) without a body and without
// credentials, and reads the challenge of the answer.
func (a *ChallengeAuthorizer) probe(ctx context.Context, r *http.Request, host string) (*entry, error) {
	p := r.Clone(ctx)
	p.Body, p.GetBody, p.ContentLength = http.NoBody, nil, 0
	p.Header.Del(headerAuthorization)
	p.Header.Del("Content-Length")
	resp, err := a.sender.Do(p)
	if err != nil {
		// Transient: not a ChallengeError, so that go-autorest's retry
		// (DoRetryForStatusCodes) tries again, as it does for
		// BearerAuthorizerCallback's probe.
		return nil, fmt.Errorf("credwrapper: probing %s for its authentication challenge: %w", host, redactURL(err, p.URL))
	}
	drain(resp)
	if resp.StatusCode >= http.StatusInternalServerError || resp.StatusCode == http.StatusTooManyRequests {
		return nil, fmt.Errorf("credwrapper: probing %s for its authentication challenge: status %d", host, resp.StatusCode)
	}
	if resp.StatusCode != http.StatusUnauthorized {
		return nil, &ChallengeError{Host: host, Err: fmt.Errorf("an unauthenticated request got status %d, not a 401 challenge", resp.StatusCode)}
	}
	c, ok := bearerChallenge(resp.Header)
	if !ok {
		return nil, &ChallengeError{Host: host, Err: fmt.Errorf("the 401 answer has no Bearer challenge")}
	}
	t, err := targetFromChallenge(c, r.URL.Host)
	if err != nil {
		return nil, &ChallengeError{Host: host, Err: err}
	}
	tenant := t.tenant
	if tenant == "" {
		tenant = a.w.tenantID
	}
	return a.w.cache.entry([]string{t.scope}, tenant, a.w.enableCAE, false), nil
}

// Sender returns an autorest.Sender that sends with base (nil means
// go-autorest's default sender) and answers a 401 to a request carrying the
// token learned for its host. A Continuous Access Evaluation claims
// challenge is answered as [CredentialWrapper.Sender] answers it: a token
// satisfying the claims, and the request resent once with its body rewound.
// Any other 401 expires the token and forgets what was learned of the host,
// so the next request learns the challenge again (the vault may have moved
// to another tenant). A 401 to any other request is returned untouched.
//
// The first re-learn after a host accepted a token is immediate; when the
// host keeps refusing, each further one waits longer (1 s, doubling up to
// 30 s) and requests meanwhile fail with a *ChallengeError. A
// hostile host that names a new tenant in every challenge thus costs at most
// one credential call per 30 s once the back-off is reached, not one per
// request.
func (a *ChallengeAuthorizer) Sender(base autorest.Sender) autorest.Sender {
	if base == nil {
		base = autorest.CreateSender()
	}
	return autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		rewind, err := makeRewindable(r)
		if err != nil {
			return nil, err
		}
		resp, err := base.Do(r)
		if err != nil || r.URL == nil {
			return resp, err
		}
		host, sent := hostrule.Key(r.URL.Host), r.Header.Get(headerAuthorization)
		if resp.StatusCode != http.StatusUnauthorized {
			if a.refusing.Load() > 0 {
				a.accepted(host, sent)
			}
			return resp, nil
		}
		e, ok := a.learnedEntry(host)
		if !ok || !e.issued(sent) {
			// not learned, already forgotten by a concurrent 401, or a
			// request that did not carry the host's token (a probe, another
			// token): not ours to answer
			return resp, nil
		}
		e.expireSent(sent, host)
		// A CAE claims challenge revokes the token, not what was learned of
		// the host: answer it with a token satisfying the claims.
		if resp, answered, err := answerClaims(base, r, resp, e, rewind); answered {
			return resp, err
		}
		a.refused(host, e)
		return resp, nil
	})
}

// refused forgets what was learned of host, e, after the host refused the
// token e attached.
func (a *ChallengeAuthorizer) refused(host string, e *entry) {
	var ev event
	defer e.emit(&ev) // after the unlock below
	a.mu.Lock()
	defer a.mu.Unlock()
	if cur, ok := a.learnedEntry(host); !ok || cur != e {
		return // forgotten, or learned again, meanwhile
	}
	a.learned.delete(host)
	if len(a.refusals) >= maxHosts {
		clear(a.refusals)
	}
	rf := a.refusals[host]
	rf.n++
	rf.relearnAt = timeNow().Add(relearnDelay(rf.n))
	a.refusals[host] = rf
	a.refusing.Store(int32(len(a.refusals)))
	ev = e.hostRefused(host, rf.n, rf.relearnAt)
}

// accepted clears the refusals of host after it accepted the token in
// header, if that is the one learned for it.
func (a *ChallengeAuthorizer) accepted(host, header string) {
	e, ok := a.learnedEntry(host)
	if !ok || !e.issued(header) {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.refusals, host)
	a.refusing.Store(int32(len(a.refusals)))
}

// String describes the authorizer; it never includes a token.
func (a *ChallengeAuthorizer) String() string {
	if a == nil {
		return "credwrapper.ChallengeAuthorizer(nil)"
	}
	return fmt.Sprintf("credwrapper.ChallengeAuthorizer{Hosts:%d Wrapper:%s}", a.learned.len(), a.w)
}

// GoString is String, for %#v.
func (a *ChallengeAuthorizer) GoString() string { return a.String() }

// Format prints String for every verb, so that no formatting reaches the
// cached tokens.
func (a *ChallengeAuthorizer) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, a.String()) }
