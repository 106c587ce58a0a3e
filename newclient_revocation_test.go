package credwrapper

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

// A new client's call can fail under a revocation, and the failure is
// azcore's design, not the wrapper's. azcore's BearerTokenPolicy keeps one
// token per client; on a 401 it expires that token, then asks for a token
// with the challenge's claims, and answers one challenge per request. When
// another request of the same client refills the expired token in between,
// without claims, the credential hands back the token it holds (the revoked
// one: nothing told it of the revocation), the claims request finds a fresh
// token and uses it without asking the credential, and its resend gets the
// same 401, which azcore returns. The test opens that window with a hook, not
// with timing: an AuthorizationHandler.OnRequest that does what azcore's
// default does (authNZ with the policy's scopes) and, on the challenged
// request's second call, lets a second request take its token first.
//
// The same schedule fails the same way with the wrapper, with a caching
// credential used directly, and with a real azidentity credential against the
// fake Entra ID: the wrapper is not what loses the claims. The bound: the
// requests whose claims were taken by such a refill fail, once each (azcore
// answers one challenge per request); the next request that hears the
// challenge gets a token for the claims, with one credential call.
func TestNewClientRevocationRaceIsAzcores(t *testing.T) {
	const scope = "https://management.core.windows.net//.default"
	cases := []struct {
		name string
		// cred returns the credential the client uses, and the number of
		// token requests that reached the credential (or Entra ID).
		cred func(t *testing.T) (azcore.TokenCredential, func() int)
	}{
		{"wrapper", func(t *testing.T) (azcore.TokenCredential, func() int) {
			base := &scriptedCredential{}
			w, err := New(base, &Options{EnableCAE: true})
			require.NoError(t, err)
			return w, func() int { return int(base.calls.Load()) }
		}},
		{"caching credential without the wrapper", func(t *testing.T) (azcore.TokenCredential, func() int) {
			c := &cachingCredential{}
			return c, func() int { return int(c.calls.Load()) }
		}},
		{"azidentity without the wrapper", func(t *testing.T) (azcore.TokenCredential, func() int) {
			fc := credwrappertest.NewTest(t, nil)
			cred, _, err := fc.Credential()
			require.NoError(t, err)
			return cred, fc.Entra.TokenRequests
		}},
		{"wrapper around azidentity", func(t *testing.T) (azcore.TokenCredential, func() int) {
			fc := credwrappertest.NewTest(t, nil)
			cred, _, err := fc.Credential()
			require.NoError(t, err)
			w, err := New(cred, &Options{EnableCAE: true})
			require.NoError(t, err)
			return w, fc.Entra.TokenRequests
		}},
	}
	for _, tc := range cases {
		for _, race := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/refill in the window %t", tc.name, race), func(t *testing.T) {
				cred, calls := tc.cred(t)
				svc := &gatedService{held: make(chan struct{}), release: make(chan struct{})}
				h := &racingHandler{scopes: []string{scope}}
				pl := runtime.NewPipeline("credwrappertest", "v0.0.0", runtime.PipelineOptions{
					PerRetry: []policy.Policy{runtime.NewBearerTokenPolicy(cred, []string{scope}, &policy.BearerTokenOptions{
						AuthorizationHandler: policy.AuthorizationHandler{OnRequest: h.onRequest},
					})},
				}, &policy.ClientOptions{Transport: svc, Retry: policy.RetryOptions{MaxRetries: -1}})
				send := func(ctx context.Context) int {
					req, err := runtime.NewRequest(ctx, http.MethodGet, "https://management.azure.com/subscriptions?api-version=2022-12-01")
					if !assert.NoError(t, err) {
						return 0
					}
					resp, err := pl.Do(req)
					if !assert.NoError(t, err) {
						return 0
					}
					return resp.StatusCode
				}

				require.Equal(t, http.StatusOK, send(context.Background()))
				require.Equal(t, 1, calls(), "the first token")
				svc.revokeAll(`{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}`)

				var refill sync.WaitGroup
				var refillStatus int
				if race {
					// When the challenged request asks again, a second
					// request of the same client takes its token first
					// (without claims) and is held at the service.
					h.beforeChallenge = func() {
						refill.Add(1)
						go func() {
							defer refill.Done()
							refillStatus = send(context.Background())
						}()
						<-svc.held
					}
				}
				status := send(withChallenged(context.Background()))
				if race {
					assert.Equal(t, http.StatusUnauthorized, status, "the challenged request resent the revoked token: azcore answers one challenge per request")
					assert.Equal(t, 1, calls(), "its claims never reached the credential: the refill took its place")
					close(svc.release)
					refill.Wait()
					assert.Equal(t, http.StatusOK, refillStatus, "the refill's own challenge is answered")
				} else {
					assert.Equal(t, http.StatusOK, status, "without a refill in the window, the challenge is answered")
				}
				assert.Equal(t, 2, calls(), "one claims fetch for the revocation")
				assert.Equal(t, http.StatusOK, send(context.Background()), "later requests use the claims token")
				assert.Equal(t, 2, calls())
			})
		}
	}
}

type challengedKey struct{}

func withChallenged(ctx context.Context) context.Context {
	return context.WithValue(ctx, challengedKey{}, true)
}

// racingHandler is azcore's default OnRequest (a token for the policy's
// scopes) with a hook: beforeChallenge runs when the request marked with
// withChallenged asks for a token the second time, which is its answer to a
// challenge, after azcore expired its token.
type racingHandler struct {
	scopes          []string
	calls           atomic.Int64
	beforeChallenge func()
}

func (h *racingHandler) onRequest(req *policy.Request, authNZ func(policy.TokenRequestOptions) error) error {
	if req.Raw().Context().Value(challengedKey{}) != nil && h.calls.Add(1) == 2 && h.beforeChallenge != nil {
		h.beforeChallenge()
	}
	return authNZ(policy.TokenRequestOptions{Scopes: h.scopes})
}

// gatedService answers 401 with a claims challenge to a request carrying a
// revoked token, and 200 otherwise. The first request that arrives with a
// revoked token while not marked withChallenged is held (held is closed) until
// release is closed.
type gatedService struct {
	mu      sync.Mutex
	claims  string
	revoked map[string]bool // Authorization values
	seen    map[string]bool // every Authorization value seen
	gated   bool
	held    chan struct{}
	release chan struct{}
}

func (s *gatedService) revokeAll(claims string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims = claims
	s.revoked = map[string]bool{}
	for h := range s.seen {
		s.revoked[h] = true
	}
}

func (s *gatedService) Do(r *http.Request) (*http.Response, error) {
	auth := r.Header.Get("Authorization")
	s.mu.Lock()
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[auth] = true
	revoked, claims := s.revoked[auth], s.claims
	hold := revoked && !s.gated && r.Context().Value(challengedKey{}) == nil
	if hold {
		s.gated = true
	}
	s.mu.Unlock()
	if hold {
		close(s.held)
		<-s.release
	}
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}
	if revoked {
		resp.StatusCode = http.StatusUnauthorized
		resp.Header.Set("WWW-Authenticate", claimsHeader(claims))
	}
	return resp, nil
}

// cachingCredential caches its token as azidentity's credentials do: a
// request without claims gets the cached token, one with claims a new one.
type cachingCredential struct {
	calls atomic.Int64
	mu    sync.Mutex
	cur   *azcore.AccessToken
}

func (c *cachingCredential) GetToken(_ context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != nil && opts.Claims == "" {
		return *c.cur, nil
	}
	n := c.calls.Add(1)
	tk := azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: time.Now().Add(time.Hour)}
	c.cur = &tk
	return tk, nil
}
