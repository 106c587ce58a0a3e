package credwrapper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The protocol of protocol.go, event by event: each test plays a server
// behaviour against an entry point and counts, at the fake credential and
// the fake host, what the protocol allows.

// claimsOf returns the claims of every credential call that had some.
func claimsOf(cred *scriptedCredential) []string {
	var out []string
	for _, r := range cred.requests() {
		if r.Claims != "" {
			out = append(out, r.Claims)
		}
	}
	return out
}

// A resend's 401 belongs to the resend, after its redirect: a host the resend
// is redirected to never saw our token, so its claims are not ours to
// answer.
func TestResendRedirectTargetCannotChooseClaims(t *testing.T) {
	const genuine = `{"access_token":{"nbf":{"essential":true,"value":"1"}}}`
	const foreign = `{"access_token":{"acrs":{"essential":true,"value":"evil"}}}`
	var starts atomic.Int64
	var target *httptest.Server
	target = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/start" && starts.Add(1) == 1:
			rw.Header().Set("WWW-Authenticate", claimsHeader(genuine))
			rw.WriteHeader(http.StatusUnauthorized)
		case r.URL.Path == "/start":
			// the resend: to the same server under another host name,
			// which net/http treats as another host
			http.Redirect(rw, r, "http://localhost:"+target.URL[strings.LastIndexByte(target.URL, ':')+1:]+"/landing", http.StatusTemporaryRedirect)
		default:
			rw.Header().Set("WWW-Authenticate", claimsHeader(foreign))
			rw.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer target.Close()
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{EnableCAE: true, InsecureAllowCredentialWithHTTP: true})
	require.NoError(t, err)
	r, err := autorest.Prepare(newRequest(t, target.URL+"/start"), w.WithAuthorization())
	require.NoError(t, err)
	resp, err := w.Sender(target.Client()).Do(r)
	require.NoError(t, err)
	defer drain(resp)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the redirect target's 401 passes through")
	assert.Equal(t, "localhost", resp.Request.URL.Hostname())
	assert.Equal(t, []string{genuine}, claimsOf(cred), "only the host that saw our token chose claims")
	assert.EqualValues(t, 2, cred.calls.Load())
}

// A service that refuses every token with the same claims costs the doubling
// back-off of its (host, claims), not a credential call per request.
func TestServiceThatKeepsChallengingIsBounded(t *testing.T) {
	clock := useFakeClock(t)
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	var sends atomic.Int64
	svc := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		sends.Add(1)
		resp := &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{}, Body: http.NoBody, Request: r}
		resp.Header.Set("WWW-Authenticate", claimsHeader(`{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`))
		return resp, nil
	})
	client := autorest.Client{Sender: svc}
	w.Attach(&client)
	const requests = 600 // one every 100 ms: one minute
	for i := range requests {
		resp, err := client.Do(newRequest(t, "https://management.azure.com/subscriptions"))
		if err != nil {
			require.ErrorIs(t, err, errClaimsRefusedAgain, "request %d", i)
		} else {
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		}
		clock.Advance(100 * time.Millisecond)
	}
	t.Logf("%d requests: %d sends, %d credential calls", requests, sends.Load(), cred.calls.Load())
	// the first token, the answer, then a new answer after 0, 1, 3, 7, 15, 31 s
	assert.LessOrEqual(t, cred.calls.Load(), int64(8))
	assert.LessOrEqual(t, cred.calls.Load(), int64(tokentime.MaxCredentialCallsPerEntryPerMinute))
	assert.Less(t, sends.Load(), int64(requests+20), "resends only when a new answer was fetched")
}

// A claims back-off belongs to its host and claims: a hostile host whose
// claims the credential cannot satisfy does not make another host's genuine
// revocation fail fast.
func TestClaimsBackoffIsPerHostAndClaims(t *testing.T) {
	useFakeClock(t)
	rejected := errors.New("AADSTS50173: the claims cannot be satisfied")
	const hostile = `{"access_token":{"acrs":{"essential":true,"value":"c9"}}}`
	const genuine = `{"access_token":{"nbf":{"essential":true,"value":"42"}}}`
	cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if o.Claims == hostile {
			return azcore.AccessToken{}, rejected
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, &Options{EnableCAE: true, Scopes: []string{"https://vault.azure.net/.default"}})
	require.NoError(t, err)
	revoked := authorize(t, w) // the vault revokes the first token
	svc := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}
		switch {
		case r.URL.Host == "evil.vault.azure.net":
			resp.StatusCode = http.StatusUnauthorized
			resp.Header.Set("WWW-Authenticate", claimsHeader(hostile))
		case r.Header.Get("Authorization") == revoked:
			resp.StatusCode = http.StatusUnauthorized
			resp.Header.Set("WWW-Authenticate", claimsHeader(genuine))
		}
		return resp, nil
	})
	client := autorest.Client{Sender: svc}
	w.Attach(&client)
	for range 3 {
		_, err := client.Do(newRequest(t, "https://evil.vault.azure.net/secrets/x"))
		require.ErrorIs(t, err, rejected)
	}
	resp, err := client.Do(newRequest(t, "https://good.vault.azure.net/secrets/x"))
	require.NoError(t, err, "the genuine revocation is answered")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []string{hostile, genuine}, claimsOf(cred), "the hostile claims were tried once, then backed off")
}

// A host that alternates 200 and a 401 after which its challenge names a
// new tenant is re-learned by the back-off, not once per refusal: the 200s
// between its refusals do not reset it.
func TestAlternatingAnswersCannotResetTheRelearnBackoff(t *testing.T) {
	clock := useFakeClock(t)
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	var probes, authenticated atomic.Int64
	host := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("Authorization") == "" {
			n := probes.Add(1)
			hdr := http.Header{}
			hdr.Set("WWW-Authenticate", fmt.Sprintf(`Bearer authorization="https://login.microsoftonline.com/tenant-%d", resource="https://vault.azure.net"`, n))
			return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
		}
		status := http.StatusOK
		if authenticated.Add(1)%2 == 0 {
			status = http.StatusUnauthorized
		}
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	a := w.ChallengeAuthorizer(host)
	client := autorest.Client{Authorizer: a, Sender: a.Sender(host)}
	const requests = 600 // one every 100 ms: one minute
	for range requests {
		resp, err := client.Do(newRequest(t, "https://myvault.vault.azure.net/secrets/x"))
		if err == nil {
			drain(resp)
		} else {
			var ce *ChallengeError
			require.ErrorAs(t, err, &ce)
		}
		clock.Advance(100 * time.Millisecond)
	}
	t.Logf("%d requests: %d probes, %d credential calls", requests, probes.Load(), cred.calls.Load())
	assert.LessOrEqual(t, cred.calls.Load(), int64(8))
	assert.LessOrEqual(t, probes.Load(), int64(8))
	assert.LessOrEqual(t, probes.Load(), int64(tokentime.MaxProbesPerHostPerMinute))
}

// With ScopeFromHost, a Resource Manager request carries the auxiliary
// tenants' tokens whichever alias of the Resource Manager audience the
// wrapper's scope names, and the wrapper holds one token for that audience.
func TestAuxiliaryTokensWhicheverARMAlias(t *testing.T) {
	for _, scope := range []string{
		"https://management.azure.com//.default",
		"https://management.azure.com/.default",
		"https://management.core.windows.net//.default",
	} {
		t.Run(scope, func(t *testing.T) {
			cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
				return azcore.AccessToken{Token: fmt.Sprintf("%s-%d", o.TenantID, n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
			}}
			w, err := New(cred, &Options{Scopes: []string{scope}, TenantID: "home", AuxiliaryTenants: []string{"aux"}, ScopeFromHost: true})
			require.NoError(t, err)
			for range 3 {
				r, err := autorest.Prepare(newRequest(t, "https://management.azure.com/subscriptions"), w.WithAuthorization())
				require.NoError(t, err)
				assert.Equal(t, "Bearer home-1", r.Header.Get("Authorization"))
				assert.Equal(t, "Bearer aux-2", r.Header.Get("x-ms-authorization-auxiliary"))
			}
			assert.EqualValues(t, 2, cred.calls.Load(), "one token for the audience, one per auxiliary tenant")
		})
	}
}

// A new client answers the same claims twice: once a token fetched for
// claims C has been refused (a step-up demanded again later), GetToken(C)
// fetches a new one instead of handing back the refused token. Requests that
// hear one revocation together still share one fetch.
func TestGetTokenAnswersTheSameClaimsTwice(t *testing.T) {
	clock := useFakeClock(t)
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	const claims = `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`
	get := func() string {
		tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{EnableCAE: true, Claims: claims})
		require.NoError(t, err)
		return tk.Token
	}
	first := get()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { assert.Equal(t, first, get(), "one revocation heard together: one fetch") })
	}
	wg.Wait()
	assert.EqualValues(t, 1, cred.calls.Load())

	clock.Advance(10 * time.Minute)
	second := get()
	assert.NotEqual(t, first, second, "the refused answer is not handed back")
	assert.Equal(t, []string{claims, claims}, claimsOf(cred))
	assert.Equal(t, "Bearer "+second, authorize(t, w), "the legacy path sends the new answer too")

	// a refill without claims after the answer still satisfies the claims
	require.NoError(t, w.Refresh())
	refill := strings.TrimPrefix(authorize(t, w), "Bearer ")
	assert.Equal(t, refill, get(), "a token fetched after the answer answers the same claims")
}

// A second revocation within one request (the resend's token is revoked
// with new claims before it arrives) is answered with a new token, not the
// one already resent, and every send carries the whole body, whatever kind
// of body the request has.
func TestResendAnswersEveryRevocationWithItsBody(t *testing.T) {
	payload := []byte(strings.Repeat("0123456789abcdef", 1000))
	for _, tc := range []struct {
		name string
		body func() (io.ReadCloser, int64)
	}{
		{"unseekable, known length", func() (io.ReadCloser, int64) { return unseekable(payload), int64(len(payload)) }},
		{"unseekable, unknown length", func() (io.ReadCloser, int64) { return unseekable(payload), -1 }},
		{"bytes.Reader (go-autorest's)", func() (io.ReadCloser, int64) {
			return io.NopCloser(bytes.NewReader(payload)), int64(len(payload))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred := &scriptedCredential{}
			w, err := New(cred, &Options{EnableCAE: true})
			require.NoError(t, err)
			var mu sync.Mutex
			var bodies []string
			var tokens []string
			svc := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
				b, err := io.ReadAll(r.Body) // a real server reads the body
				if err != nil {
					return nil, err
				}
				mu.Lock()
				defer mu.Unlock()
				bodies = append(bodies, string(b))
				tokens = append(tokens, r.Header.Get("Authorization"))
				resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}
				if n := len(tokens); n <= 2 {
					// the first token, then the first answer, are revoked
					resp.StatusCode = http.StatusUnauthorized
					resp.Header.Set("WWW-Authenticate", claimsHeader(fmt.Sprintf(`{"access_token":{"nbf":{"essential":true,"value":"%d"}}}`, n)))
				}
				return resp, nil
			})
			r, err := http.NewRequest(http.MethodPut, "https://management.azure.com/x", nil)
			require.NoError(t, err)
			r.Body, r.ContentLength = tc.body()
			r, err = autorest.Prepare(r, w.WithAuthorization())
			require.NoError(t, err)
			resp, err := w.Sender(svc).Do(r)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode, "both revocations answered")
			require.Len(t, tokens, 3)
			assert.Equal(t, []string{"Bearer token-1", "Bearer token-2", "Bearer token-3"}, tokens, "each send a new token")
			for i, b := range bodies {
				assert.Equal(t, len(payload), len(b), "send %d carries the whole body", i)
			}
		})
	}
}

// The challenge probe never carries an Authorization header: one the request
// already had (another authorizer's, a stale one) is not forwarded to the
// probed host.
func TestProbeCarriesNoAuthorization(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	host := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		hdr := http.Header{}
		hdr.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
	})
	w, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	r := newRequest(t, "https://myvault.vault.azure.net/secrets/x")
	r.Header.Set("Authorization", "Bearer someone-elses-token")
	r, err = autorest.Prepare(r, w.ChallengeAuthorizer(host).WithAuthorization())
	require.NoError(t, err)
	assert.Equal(t, "Bearer token-1", r.Header.Get("Authorization"))
	assert.Equal(t, []string{""}, seen, "one probe, without the header the request carried")
}
