package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/redact"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/go-autorest/autorest"
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

	mu     sync.Mutex                 // guards the fields below, and changes to learned
	probes map[string]*flight[*entry] // host -> the probe in flight
	hosts  map[string]*hostState      // host -> its back-off and probes, while they matter
}

// hostState is what a ChallengeAuthorizer keeps of a host beyond what it
// learned: the back-off of re-learning it (its refusals of learned tokens and
// its failed probes, each less than tokentime.BackoffMemory after the one
// before) and its probes of the last minute.
type hostState struct {
	relearn tokentime.Backoff
	probes  tokentime.Window
}

var _ autorest.Authorizer = (*ChallengeAuthorizer)(nil)

// ChallengeAuthorizer returns an authorizer for challenge-based services that
// probes hosts with sender (nil means go-autorest's default sender; pass the
// legacy client's Sender).
func (w *CredentialWrapper) ChallengeAuthorizer(sender autorest.Sender) *ChallengeAuthorizer {
	if sender == nil {
		sender = autorest.CreateSender()
	}
	a := &ChallengeAuthorizer{w: w, sender: sender, probes: map[string]*flight[*entry]{}, hosts: map[string]*hostState{}}
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
	if r.URL == nil {
		return &ChallengeError{Err: errors.New("the request has no URL, so no host whose challenge names its token")}
	}
	e, err := a.learn(r)
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

// learn returns the cache entry for r's host, probing the host once:
// concurrent callers share one probe.
func (a *ChallengeAuthorizer) learn(r *http.Request) (*entry, error) {
	host := hostrule.Key(r.URL.Host)
	if e, ok := a.learned.load(host); ok {
		return e, nil
	}
	ctx := r.Context()
	return join(ctx, func() step[*entry] {
		a.mu.Lock()
		defer a.mu.Unlock()
		if e, ok := a.learned.load(host); ok {
			return step[*entry]{val: e}
		}
		if f, ok := a.probes[host]; ok {
			return step[*entry]{f: f}
		}
		if err := ctx.Err(); err != nil {
			return step[*entry]{err: &ChallengeError{Host: host, Err: err}}
		}
		if err := a.mayProbe(host, tokentime.Now()); err != nil {
			return step[*entry]{err: err}
		}
		f := newFlight(func(ctx context.Context) (*entry, error) { return a.probe(ctx, r, host) },
			func(f *flight[*entry]) { a.settleProbe(host, f) })
		a.probes[host] = f
		return step[*entry]{f: f, run: true}
	}, func(err error) error { return &ChallengeError{Host: host, Err: err} })
}

// mayProbe returns nil when host may be probed at now, and takes one of its
// probes of the last minute; otherwise the *ChallengeError of a caller that
// fails fast. a.mu must be held.
func (a *ChallengeAuthorizer) mayProbe(host string, now time.Time) error {
	hs := a.host(host, now)
	if hs.relearn.Active(now) {
		return &ChallengeError{Host: host, Err: fmt.Errorf("the host refused the last %d tokens learned from its challenges, or failed the probes for them; it is probed again after %s (last: %w)",
			hs.relearn.N, hs.relearn.Until.UTC().Format(time.RFC3339), hs.relearn.Err)}
	}
	if ok, until := hs.probes.Allow(now); !ok {
		return &ChallengeError{Host: host, Err: fmt.Errorf("the host was probed %d times in the last minute; it is probed again after %s",
			tokentime.MaxProbesPerHostPerMinute, until.UTC().Format(time.RFC3339))}
	}
	hs.probes.Take(now)
	return nil
}

// host returns the state of host, making it if needed. Past maxHosts hosts,
// those whose state no longer matters are forgotten first, then all. a.mu
// must be held.
func (a *ChallengeAuthorizer) host(host string, now time.Time) *hostState {
	if hs, ok := a.hosts[host]; ok {
		return hs
	}
	if len(a.hosts) >= maxHosts {
		for h, hs := range a.hosts {
			if hs.relearn.Forgotten(now) && hs.probes.Idle(now) {
				delete(a.hosts, h)
			}
		}
		if len(a.hosts) >= maxHosts {
			clear(a.hosts)
		}
	}
	hs := &hostState{probes: tokentime.NewWindow(tokentime.MaxProbesPerHostPerMinute)}
	a.hosts[host] = hs
	return hs
}

// settleProbe records the outcome of the probe f of host: a failure counts
// in the host's re-learn back-off.
func (a *ChallengeAuthorizer) settleProbe(host string, f *flight[*entry]) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.probes, host)
	var pe *panicError
	if errors.As(f.err, &pe) {
		f.err = &ChallengeError{Host: host, Err: pe}
	}
	if f.err == nil {
		a.learned.store(host, f.val)
	} else {
		a.host(host, tokentime.Now()).relearn.FailRecent(f.err, tokentime.Now(), tokentime.RelearnDelay)
	}
	a.logProbe(host, f.val, f.err)
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
		return nil, fmt.Errorf("credwrapper: probing %s for its authentication challenge: %w", host, redact.Error(err, p.URL))
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
// to another tenant). A 401 to any other request (judged, as the wrapper's
// Sender judges it, by the request it answers) is returned untouched.
//
// The first re-learn is immediate; a refusal (or a failed probe) less than a
// minute after the previous one waits longer (1 s, doubling up to 30 s),
// whatever the host answered between them, and requests meanwhile fail with
// a *ChallengeError. A hostile host that names a new tenant in every
// challenge, or alternates accepting and refusing tokens, thus costs at most
// one probe and one credential call per 30 s once the back-off is reached,
// not one per request, and never more than
// 8 probes a minute.
func (a *ChallengeAuthorizer) Sender(base autorest.Sender) autorest.Sender {
	return &challengeSender{
		base: base,
		entryFor: func(r *http.Request) *entry {
			e, _ := a.learned.load(hostrule.Key(r.URL.Host))
			return e
		},
		refused: a.refused,
	}
}

// refused forgets what was learned of host, e, after the host refused the
// token e attached, and counts the refusal in the host's re-learn back-off.
// Only a minute without refusals or failed probes ends its count: an answer
// other than 401 does not, so that a host that alternates them cannot reset
// it.
func (a *ChallengeAuthorizer) refused(host string, e *entry) {
	var ev event
	defer e.emit(&ev) // after the unlock below
	a.mu.Lock()
	defer a.mu.Unlock()
	if cur, ok := a.learned.load(host); !ok || cur != e {
		return // forgotten, or learned again, meanwhile
	}
	a.learned.delete(host)
	now := tokentime.Now()
	b := &a.host(host, now).relearn
	b.FailRecent(errRefusedLearned, now, tokentime.RelearnDelay)
	ev = e.hostRefused(host, b.N, b.Until)
}

// errRefusedLearned is the cause of a host's re-learn back-off after it
// refused the token its challenge named.
var errRefusedLearned = errors.New("the host refused the token its challenge named")

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
