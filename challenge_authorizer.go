package credwrapper

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

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

	targets sync.Map // host -> *entry, learned from its challenge

	mu     sync.Mutex            // guards probes
	probes map[string]*probeCall // host -> the probe in flight
}

// probeCall is one probe shared by the callers that need the same host.
type probeCall struct {
	done chan struct{}
	e    *entry
	err  error
}

var _ autorest.Authorizer = (*ChallengeAuthorizer)(nil)

// ChallengeAuthorizer returns an authorizer for challenge-based services that
// probes hosts with sender (nil means go-autorest's default sender; pass the
// legacy client's Sender).
func (w *CredentialWrapper) ChallengeAuthorizer(sender autorest.Sender) *ChallengeAuthorizer {
	if sender == nil {
		sender = autorest.CreateSender()
	}
	a := &ChallengeAuthorizer{w: w, sender: sender, probes: map[string]*probeCall{}}
	a.decorator = authorizing(a.authorize)
	return a
}

// WithAuthorization implements autorest.Authorizer.
func (a *ChallengeAuthorizer) WithAuthorization() autorest.PrepareDecorator { return a.decorator }

// ChallengeError is returned when a host's authentication challenge cannot
// be learned or is refused. It satisfies adal.TokenRefreshError, so go-autorest
// does not retry the request.
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

// target returns the cache entry for r's host, probing the host once.
func (a *ChallengeAuthorizer) target(r *http.Request) (*entry, error) {
	host := strings.ToLower(r.URL.Host)
	if e, ok := a.targets.Load(host); ok {
		return e.(*entry), nil
	}
	ctx := r.Context()
	a.mu.Lock()
	if e, ok := a.targets.Load(host); ok {
		a.mu.Unlock()
		return e.(*entry), nil
	}
	if c, ok := a.probes[host]; ok {
		a.mu.Unlock()
		select {
		case <-c.done:
			return c.e, c.err
		case <-ctx.Done():
			return nil, &ChallengeError{Host: host, Err: ctx.Err()}
		}
	}
	c := &probeCall{done: make(chan struct{})}
	a.probes[host] = c
	a.mu.Unlock()

	c.e, c.err = a.probe(ctx, r, host)

	a.mu.Lock()
	delete(a.probes, host)
	if c.err == nil {
		a.targets.Store(host, c.e)
	}
	a.mu.Unlock()
	close(c.done)
	return c.e, c.err
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
		return nil, &ChallengeError{Host: host, Err: err}
	}
	drain(resp)
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
	return a.w.cache.entry([]string{t.scope}, tenant, a.w.enableCAE), nil
}

// Sender returns an autorest.Sender that sends with base (nil means
// go-autorest's default sender) and, on a 401, expires the token the request
// carried and forgets what it learned of the host, so the next request
// learns the challenge again (the vault may have moved to another tenant).
func (a *ChallengeAuthorizer) Sender(base autorest.Sender) autorest.Sender {
	if base == nil {
		base = autorest.CreateSender()
	}
	return autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.Do(r)
		if err != nil || resp.StatusCode != http.StatusUnauthorized || r.URL == nil {
			return resp, err
		}
		host := strings.ToLower(r.URL.Host)
		if v, ok := a.targets.Load(host); ok {
			v.(*entry).expireSent(r.Header.Get(headerAuthorization))
			a.targets.Delete(host)
		}
		return resp, nil
	})
}
