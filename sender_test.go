package credwrapper

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

// With the sender installed, a legacy PUT with a body survives a CAE claims
// challenge: the wrapper gets a token answering the claims and resends the
// request, body rewound. Before the challenge, the legacy path and a new ARM
// client share one CAE token.
func TestSenderAnswersClaimsChallenge(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := New(cred, &Options{Cloud: cfg, EnableCAE: true})
	require.NoError(t, err)
	legacy := autorest.NewClientWithUserAgent("legacy")
	legacy.Sender = fc.Client()
	w.Attach(&legacy)
	newClient, err := arm.NewClient("credwrapper.test", "v0.0.1", w, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	require.NoError(t, err)
	ctx := context.Background()

	newGet := func() {
		req, err := runtime.NewRequest(ctx, http.MethodGet, newClient.Endpoint()+"/subscriptions?api-version=2022-12-01")
		require.NoError(t, err)
		resp, err := newClient.Pipeline().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	put := func(name string) *http.Response {
		req, err := autorest.Prepare(&http.Request{},
			autorest.AsPut(), autorest.AsContentType("application/json; charset=utf-8"),
			autorest.WithBaseURL(fc.ARM.URL),
			autorest.WithPathParameters("/subscriptions/{sub}/resourcegroups/{name}", map[string]interface{}{"sub": fc.SubscriptionID, "name": name}),
			autorest.WithQueryParameters(map[string]interface{}{"api-version": "2019-05-01"}),
			autorest.WithJSON(map[string]any{"location": "westeurope", "tags": map[string]string{"via": "legacy"}}))
		require.NoError(t, err)
		resp, err := legacy.Do(req.WithContext(ctx))
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}

	require.Equal(t, http.StatusCreated, put("before").StatusCode)
	newGet()
	assert.Equal(t, 1, fc.ARM.DistinctTokens(), "legacy and new share one CAE token")

	fc.ARM.ChallengeOnce()
	resp := put("after-challenge")
	require.Equal(t, http.StatusCreated, resp.StatusCode, "the PUT was resent after the challenge")
	reqs := fc.ARM.Requests()
	challenged, resent := reqs[len(reqs)-2], reqs[len(reqs)-1]
	assert.Equal(t, http.StatusUnauthorized, challenged.Status)
	assert.Equal(t, http.MethodPut, resent.Method)
	assert.Equal(t, http.StatusCreated, resent.Status)
	assert.Contains(t, resent.Token.RequestedClaims, `"nbf"`, "the new token answers the challenge's claims")
	assert.True(t, resent.Token.CAE())
	assert.Equal(t, []string{"after-challenge", "before"}, fc.ARM.ResourceGroups(fc.SubscriptionID), "the body arrived whole")

	// the legacy path keeps the new token; the new client answers on its own
	require.Equal(t, http.StatusOK, put("after-challenge").StatusCode)
	newGet()
	assert.Empty(t, fc.ARM.ExpiredAtReceipt())
	log := fc.Entra.TokenRequestLog()
	require.Len(t, log, 2, "the shared token, and one claims token for the one revocation: the new client's claims request gets it too")
	assert.NotEmpty(t, log[1].Claims)
}

// A 401 without a claims challenge expires the cached token; the request is
// not resent, and the next one carries a new token.
func TestSender401ExpiresToken(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	var seen []string
	base := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Header.Get("Authorization"))
		status := http.StatusOK
		if len(seen) == 1 {
			status = http.StatusUnauthorized
		}
		return &http.Response{StatusCode: status, Header: http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}, Body: http.NoBody, Request: r}, nil
	})
	client := autorest.Client{Sender: base}
	w.Attach(&client)
	for i := 0; i < 3; i++ {
		req, err := autorest.Prepare(newRequest(t, "https://management.azure.com/subscriptions"))
		require.NoError(t, err)
		resp, err := client.Do(req)
		require.NoError(t, err)
		assert.Equal(t, map[bool]int{true: 401, false: 200}[i == 0], resp.StatusCode)
	}
	assert.Equal(t, []string{"Bearer token-1", "Bearer token-2", "Bearer token-2"}, seen)
	assert.EqualValues(t, 2, cred.calls.Load())
}

// When the claims cannot be satisfied, the caller gets the token error and the
// request is not resent.
func TestSenderClaimsFailure(t *testing.T) {
	boom := errors.New("AADSTS50173: the grant was revoked")
	cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if o.Claims != "" {
			return azcore.AccessToken{}, boom
		}
		return (&scriptedCredential{}).GetToken(context.Background(), o)
	}}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	sends := 0
	base := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		sends++
		return &http.Response{StatusCode: http.StatusUnauthorized, Body: http.NoBody, Request: r, Header: http.Header{
			"Www-Authenticate": {`Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="`},
		}}, nil
	})
	client := autorest.Client{Sender: base}
	w.Attach(&client)
	req, err := autorest.Prepare(newRequest(t, "https://management.azure.com/"))
	require.NoError(t, err)
	_, err = client.Do(req)
	require.ErrorIs(t, err, boom)
	assert.True(t, autorest.IsTokenRefreshError(err))
	assert.Equal(t, 1, sends)
}

func TestMakeRewindable(t *testing.T) {
	small := strings.Repeat("x", 1000)
	r, err := http.NewRequest(http.MethodPut, "https://example.com/", io.NopCloser(strings.NewReader(small)))
	require.NoError(t, err)
	require.Nil(t, r.GetBody)
	ok, err := makeRewindable(r)
	require.NoError(t, err)
	assert.True(t, ok)
	for i := 0; i < 2; i++ {
		b, err := r.GetBody()
		require.NoError(t, err)
		got, _ := io.ReadAll(b)
		assert.Equal(t, small, string(got))
	}

	big := bytes.Repeat([]byte("y"), maxRewindBody+10)
	r, err = http.NewRequest(http.MethodPut, "https://example.com/", unseekable(big))
	require.NoError(t, err)
	ok, err = makeRewindable(r)
	require.NoError(t, err)
	assert.False(t, ok, "too large to keep")
	got, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.Equal(t, len(big), len(got), "the body is sent whole")

	r, err = http.NewRequest(http.MethodGet, "https://example.com/", nil)
	require.NoError(t, err)
	ok, err = makeRewindable(r)
	require.NoError(t, err)
	assert.True(t, ok)

	// With a known ContentLength (every v68 request), exactly that is read.
	r, err = http.NewRequest(http.MethodPut, "https://example.com/", io.NopCloser(strings.NewReader(small)))
	require.NoError(t, err)
	r.ContentLength = int64(len(small))
	ok, err = makeRewindable(r)
	require.NoError(t, err)
	assert.True(t, ok)
	b, err := r.GetBody()
	require.NoError(t, err)
	got, _ = io.ReadAll(b)
	assert.Equal(t, small, string(got))

	// A known ContentLength over the limit: the body is not read at all.
	r, err = http.NewRequest(http.MethodPut, "https://example.com/", unseekable(big))
	require.NoError(t, err)
	r.ContentLength = int64(len(big))
	body := r.Body
	ok, err = makeRewindable(r)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, body, r.Body, "untouched")

	// A body shorter than its ContentLength is an error, as the transport
	// would report.
	r, err = http.NewRequest(http.MethodPut, "https://example.com/", unseekable([]byte("short")))
	require.NoError(t, err)
	r.ContentLength = 100
	_, err = makeRewindable(r)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)

	// The body go-autorest's retry loop gives v68 requests, io.NopCloser
	// around a *bytes.Reader, is sought back, not copied, whatever its size
	// and wherever it stands.
	rd := bytes.NewReader(big)
	_, err = rd.Seek(10, io.SeekStart)
	require.NoError(t, err)
	r, err = http.NewRequest(http.MethodPut, "https://example.com/", io.NopCloser(rd))
	require.NoError(t, err)
	r.ContentLength = int64(len(big) - 10)
	ok, err = makeRewindable(r)
	require.NoError(t, err)
	assert.True(t, ok, "rewindable without a copy")
	for i := 0; i < 2; i++ {
		got, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		assert.Len(t, got, len(big)-10, "read %d", i)
		r.Body, err = r.GetBody()
		require.NoError(t, err)
	}
	// The transport may still be reading the original body when the request
	// is resent (over HTTP/2 a server can answer first): the rewound body is
	// independent of it. Under -race, sharing the reader is a data race.
	rd = bytes.NewReader(big)
	r, err = http.NewRequest(http.MethodPut, "https://example.com/", io.NopCloser(rd))
	require.NoError(t, err)
	ok, err = makeRewindable(r)
	require.NoError(t, err)
	require.True(t, ok)
	done := make(chan int)
	go func() {
		n, _ := io.Copy(io.Discard, r.Body)
		done <- int(n)
	}()
	again, err := r.GetBody()
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, again)
	require.NoError(t, err)
	assert.EqualValues(t, len(big), n)
	assert.Equal(t, len(big), <-done)

	// and a seekable body not behind io.NopCloser is copied as before
	r, err = http.NewRequest(http.MethodPut, "https://example.com/", struct{ io.ReadSeekCloser }{nopSeekCloser{strings.NewReader(small)}})
	require.NoError(t, err)
	ok, err = makeRewindable(r)
	require.NoError(t, err)
	assert.True(t, ok)
}

// unseekable is a body that can only be read.
func unseekable(b []byte) io.ReadCloser {
	return struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b)), io.NopCloser(nil)}
}

type nopSeekCloser struct{ io.ReadSeeker }

func (nopSeekCloser) Close() error { return nil }

// claimsEverything answers every request with a CAE claims challenge, as a
// hostile host fishing for a token would.
var claimsEverything = autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusUnauthorized, Request: r, Body: http.NoBody, Header: http.Header{
		"Www-Authenticate": {`Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="`},
	}}, nil
})

// Sender answers a challenge only for a token the wrapper attached: a 401 to
// a request without a token, or with someone else's, passes through and
// fetches nothing.
func TestSenderIgnoresChallengesToOtherRequests(t *testing.T) {
	for _, header := range []string{"", "Bearer someone-elses-token", "Basic dXNlcjpwYXNz"} {
		cred := &scriptedCredential{}
		w, err := New(cred, nil)
		require.NoError(t, err)
		r := newRequest(t, "https://management.azure.com/subscriptions")
		if header != "" {
			r.Header.Set("Authorization", header)
		}
		resp, err := w.Sender(claimsEverything).Do(r)
		require.NoError(t, err, "%q", header)
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%q: untouched", header)
		assert.Zero(t, cred.calls.Load(), "%q: no token fetched for a challenge to a request that did not carry ours", header)
		assert.Equal(t, header, r.Header.Get("Authorization"), "not resent with our token")
	}
}

// The attack of the review: a client uses Attach, then
// ChallengeAuthorizer(client.Sender). Its unauthenticated probe goes through
// the wrapper's Sender; the host answers it with a claims challenge, hoping
// the Sender fetches the primary (ARM) token and resends the probe with it.
func TestAttachedProbeGetsNoToken(t *testing.T) {
	var sawToken atomic.Bool
	host := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("Authorization") != "" {
			sawToken.Store(true)
		}
		return claimsEverything.Do(r)
	})
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	client := autorest.Client{Sender: host}
	w.Attach(&client)
	a := w.ChallengeAuthorizer(client.Sender)
	_, err = autorest.Prepare(newRequest(t, "https://myvault.vault.azure.net/secrets/x"), a.WithAuthorization())
	require.Error(t, err, "the probe's answer names no resource")
	assert.Zero(t, cred.calls.Load(), "no token fetched")
	assert.False(t, sawToken.Load(), "the host never saw a token")
}

// A ChallengeAuthorizer forgets a host only when the host refuses the token
// learned for it, not on a 401 to some other request.
func TestChallengeSenderIgnoresOtherTokens(t *testing.T) {
	sender := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		hdr := http.Header{}
		hdr.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
	})
	w, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(sender)
	_, err = autorest.Prepare(newRequest(t, "https://myvault.vault.azure.net/"), a.WithAuthorization())
	require.NoError(t, err)
	r := newRequest(t, "https://myvault.vault.azure.net/")
	r.Header.Set("Authorization", "Bearer someone-elses-token")
	_, err = a.Sender(sender).Do(r)
	require.NoError(t, err)
	_, learned := a.learned.load("myvault.vault.azure.net")
	assert.True(t, learned, "the host's challenge is still known")
}
