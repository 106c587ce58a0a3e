package credwrapper

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// How 401s and claims challenges are answered: whose request, which token,
// how many credential calls. Every bound is counted at the fake credential.

// claimsHeader is a CAE claims challenge for claims.
func claimsHeader(claims string) string {
	return `Bearer error="insufficient_claims", claims="` + base64.StdEncoding.EncodeToString([]byte(claims)) + `"`
}

// revokingService answers 200 to a request carrying a token it has not
// revoked, and 401 with a claims challenge to one it has.
type revokingService struct {
	mu      sync.Mutex
	revoked map[string]bool // "Bearer ..." -> revoked
	claims  string
	sends   int
}

func (s *revokingService) revoke(claims string, headers ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.revoked == nil {
		s.revoked = map[string]bool{}
	}
	s.claims = claims
	for _, h := range headers {
		s.revoked[h] = true
	}
}

func (s *revokingService) Do(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sends++
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}
	if s.revoked[r.Header.Get("Authorization")] {
		resp.StatusCode = http.StatusUnauthorized
		resp.Header.Set("WWW-Authenticate", claimsHeader(s.claims))
	}
	return resp, nil
}

// One revocation costs one claims refresh, and every request that carried a
// token this wrapper issued is answered, even one that left before the
// wrapper replaced that token twice over (it was neither the current token
// nor the one before it, and its 401 used to pass through).
func TestOneRevocationOneClaimsRefresh(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	svc := &revokingService{}
	client := autorest.Client{Sender: svc}
	w.Attach(&client)

	// requests authorized with token-1, then two refreshes before they are
	// answered
	const requests = 6
	var prepared []*http.Request
	for range requests {
		r, err := autorest.Prepare(newRequest(t, "https://management.azure.com/subscriptions"), w.WithAuthorization())
		require.NoError(t, err)
		prepared = append(prepared, r)
	}
	first := prepared[0].Header.Get("Authorization")
	require.NoError(t, w.Refresh())
	second := authorize(t, w)
	require.NoError(t, w.Refresh())
	third := authorize(t, w)
	require.NotEqual(t, first, third)
	svc.revoke(`{"access_token":{"nbf":{"essential":true,"value":"1"}}}`, first, second, third)
	callsBefore := cred.calls.Load()

	// a new client hears the revocation first...
	tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{EnableCAE: true, Claims: svc.claims})
	require.NoError(t, err)
	// ...then the legacy requests, and more new clients, all at once
	var wg sync.WaitGroup
	statuses := make(chan int, requests)
	tokens := make(chan string, requests)
	for _, r := range prepared {
		wg.Go(func() {
			resp, err := client.Sender.Do(r)
			if assert.NoError(t, err) {
				statuses <- resp.StatusCode
			}
		})
		wg.Go(func() {
			tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{EnableCAE: true, Claims: svc.claims})
			if assert.NoError(t, err) {
				tokens <- tk.Token
			}
		})
	}
	wg.Wait()
	close(statuses)
	close(tokens)
	for s := range statuses {
		assert.Equal(t, http.StatusOK, s, "every request that carried one of our tokens is answered")
	}
	for got := range tokens {
		assert.Equal(t, tk.Token, got, "the one token that answers the claims")
	}
	assert.EqualValues(t, 1, cred.calls.Load()-callsBefore, "one revocation, one claims refresh")
	reqs := cred.requests()
	assert.Equal(t, svc.claims, reqs[len(reqs)-1].Claims)
	assert.Equal(t, "Bearer "+tk.Token, authorize(t, w), "the legacy path sends it too")
}

// A token fetched for a claims challenge that the service refuses with the
// same claims again is replaced once more: the answer is never the token
// the challenge refused.
func TestClaimsTokenRefusedAgainIsReplaced(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	svc := &revokingService{}
	send := w.Sender(svc)
	const claims = `{"access_token":{"nbf":{"essential":true,"value":"7"}}}`
	svc.revoke(claims, authorize(t, w))
	r, err := autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.NoError(t, err)
	resp, err := send.Do(r)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	answered := authorize(t, w)
	svc.revoke(claims, answered)
	r, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.NoError(t, err)
	resp, err = send.Do(r)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEqual(t, answered, authorize(t, w))
	assert.EqualValues(t, 3, cred.calls.Load())
}

// A host that answers our token with a claims challenge the credential
// cannot satisfy fails that request only: requests to other hosts of the same
// audience keep the token, and further challenges back off instead of
// calling the credential for each.
func TestFailedClaimsRefreshFailsOnlyTheChallengedRequest(t *testing.T) {
	clock := useFakeClock(t)
	rejected := errors.New("AADSTS50173: the claims cannot be satisfied")
	cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if o.Claims != "" {
			return azcore.AccessToken{}, rejected
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	base := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}
		if r.URL.Host == "hostile.example" {
			resp.StatusCode = http.StatusUnauthorized
			resp.Header.Set("WWW-Authenticate", claimsHeader(`{"access_token":{"acrs":{"essential":true,"value":"c9"}}}`))
		}
		return resp, nil
	})
	client := autorest.Client{Sender: base}
	w.Attach(&client)
	do := func(url string) (*http.Response, error) {
		r, err := autorest.Prepare(newRequest(t, url), w.WithAuthorization())
		require.NoError(t, err)
		return client.Sender.Do(r)
	}
	resp, err := do("https://management.azure.com/subscriptions")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	token := authorize(t, w)

	for i := range 5 {
		_, err := do("https://hostile.example/x")
		require.ErrorIs(t, err, rejected, "challenge %d fails its own request", i)
		resp, err := do("https://management.azure.com/subscriptions")
		require.NoError(t, err, "request %d to another host is not failed by the hostile one", i)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, token, authorize(t, w), "the token is kept: it is not known to be bad")
	}
	claimsCalls := func() int {
		n := 0
		for _, r := range cred.requests() {
			if r.Claims != "" {
				n++
			}
		}
		return n
	}
	assert.Equal(t, 1, claimsCalls(), "failing claims refreshes back off")
	assert.EqualValues(t, 2, cred.calls.Load())
	clock.Advance(time.Second)
	_, err = do("https://hostile.example/x")
	require.ErrorIs(t, err, rejected)
	assert.Equal(t, 2, claimsCalls(), "one more attempt after the back-off")
	clock.Advance(time.Second)
	_, err = do("https://hostile.example/x")
	require.Error(t, err)
	assert.Equal(t, 2, claimsCalls(), "the back-off doubles")
}

// A 401 is judged by the request it answers. After a redirect to another host
// net/http strips the Authorization header, so that host never saw our
// token: its claims challenge must not make the wrapper drop the token or
// fetch one with claims of its choosing.
func TestRedirectTargetCannotChallengeOurToken(t *testing.T) {
	var target *httptest.Server
	target = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/start") {
			// to the same server under another host name: net/http treats it
			// as another host
			http.Redirect(rw, r, "http://localhost:"+target.URL[strings.LastIndexByte(target.URL, ':')+1:]+"/landing", http.StatusTemporaryRedirect)
			return
		}
		rw.Header().Set("WWW-Authenticate", claimsHeader(`{"access_token":{"nbf":{"essential":true,"value":"1"}}}`))
		rw.WriteHeader(http.StatusUnauthorized)
	}))
	defer target.Close()

	for _, tc := range []struct {
		name string
		send func(w *CredentialWrapper) autorest.Sender
		auth func(w *CredentialWrapper) autorest.Authorizer
	}{
		{"wrapper", func(w *CredentialWrapper) autorest.Sender { return w.Sender(target.Client()) }, func(w *CredentialWrapper) autorest.Authorizer { return w }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred := &scriptedCredential{}
			w, err := New(cred, &Options{EnableCAE: true, InsecureAllowCredentialWithHTTP: true})
			require.NoError(t, err)
			token := authorize(t, w)
			r, err := autorest.Prepare(newRequest(t, target.URL+"/start"), tc.auth(w).WithAuthorization())
			require.NoError(t, err)
			require.Equal(t, token, r.Header.Get("Authorization"))
			resp, err := tc.send(w).Do(r)
			require.NoError(t, err)
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the 401 passes through untouched")
			assert.Equal(t, "localhost", resp.Request.URL.Hostname())
			assert.EqualValues(t, 1, cred.calls.Load(), "no token fetched for the redirect target's challenge")
			assert.Equal(t, token, authorize(t, w), "our token is kept")
		})
	}
}
