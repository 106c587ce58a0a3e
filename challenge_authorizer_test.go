package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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

	"github.com/azcompat/credwrapper/credwrappertest"
)

func getSecret(t *testing.T, fc *credwrappertest.Cloud, client autorest.Client, name string) *http.Response {
	t.Helper()
	req, err := autorest.Prepare(&http.Request{}, autorest.AsGet(), autorest.WithBaseURL(fc.KeyVault.URL),
		autorest.WithPath("/secrets/"+name), autorest.WithQueryParameters(map[string]interface{}{"api-version": "7.1"}))
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

// The challenge authorizer learns Key Vault's scope and tenant from one probe
// and then authorizes every request from the cache; go-autorest's
// BearerAuthorizerCallback probes before every request.
func TestChallengeAuthorizerProbesOncePerHost(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	fc.KeyVault.SetSecret("db", "s3cret")
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := New(cred, &Options{Cloud: cfg})
	require.NoError(t, err)
	client := autorest.Client{Authorizer: w.ChallengeAuthorizer(fc.Client()), Sender: fc.Client()}

	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.Equal(t, http.StatusOK, getSecret(t, fc, client, "db").StatusCode)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, fc.KeyVault.Unauthenticated(), "one probe for 20 concurrent first requests")
	assert.Equal(t, 21, len(fc.KeyVault.Requests()))
	require.Equal(t, 1, fc.Entra.TokenRequests())
	r := fc.Entra.TokenRequestLog()[0]
	assert.Equal(t, "https://vault.azure.net/.default", r.Scope, "scope from the challenge's resource")
	assert.Equal(t, fc.TenantID, r.TenantID, "tenant from the challenge's authorization URI")

	// go-autorest's callback authorizer, for comparison: a probe per request
	fc.KeyVault.Reset()
	callback := autorest.NewBearerAuthorizerCallback(fc.Client(), func(tenantID, resource string) (*autorest.BearerAuthorizer, error) {
		return autorest.NewBearerAuthorizer(w), nil
	})
	client.Authorizer = callback
	for i := 0; i < 5; i++ {
		getSecret(t, fc, client, "db")
	}
	assert.Equal(t, 5, fc.KeyVault.Unauthenticated(), "BearerAuthorizerCallback probes every time")
}

// A challenge whose resource is not in the request host's domain is refused
// and the credential is never called.
func TestChallengeAuthorizerRefusesForeignResource(t *testing.T) {
	for _, resource := range []string{"https://vault.azure.net", "https://management.azure.com"} {
		evil := httptest.NewTLSServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer authorization="https://login.microsoftonline.com/t", resource=%q`, resource))
			rw.WriteHeader(http.StatusUnauthorized)
		}))
		cred := &scriptedCredential{}
		w, err := New(cred, nil)
		require.NoError(t, err)
		client := autorest.Client{Authorizer: w.ChallengeAuthorizer(evil.Client()), Sender: evil.Client()}
		req, err := autorest.Prepare(newRequest(t, evil.URL+"/secrets/x?api-version=7.1"))
		require.NoError(t, err)
		_, err = client.Do(req)
		var ce *ChallengeError
		require.ErrorAs(t, err, &ce)
		assert.Contains(t, err.Error(), "refusing to request a token", "the refusal says so")
		assert.True(t, autorest.IsTokenRefreshError(err), "not retried")
		assert.Zero(t, cred.calls.Load(), "no token requested for %s", resource)
		evil.Close()
	}
}

func TestChallengeAuthorizerErrors(t *testing.T) {
	open := httptest.NewTLSServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {}))
	defer open.Close()
	w, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(open.Client())
	_, err = autorest.Prepare(newRequest(t, open.URL+"/x"), a.WithAuthorization())
	require.ErrorContains(t, err, "status 200, not a 401 challenge")
	_, err = autorest.Prepare(newRequest(t, "http://example.com/x"), a.WithAuthorization())
	var he *HTTPError
	require.ErrorAs(t, err, &he)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, open.URL+"/y", nil)
	require.NoError(t, err)
	_, err = autorest.Prepare(r, a.WithAuthorization())
	require.ErrorIs(t, err, context.Canceled)
}

// After a 401 the challenge authorizer's sender forgets the host, so the next
// request learns the challenge again with a new token.
func TestChallengeAuthorizerSenderRelearns(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	fc.KeyVault.SetSecret("db", "v")
	var calls int
	cred := &scriptedCredential{fn: func(ctx context.Context, o policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		calls++
		c, _, err := fc.Credential()
		require.NoError(t, err)
		if n == 1 { // a token the vault refuses
			tok, err := fc.Entra.IssueToken(credwrappertest.TokenOptions{Scope: "https://storage.azure.com/.default"})
			require.NoError(t, err)
			return azcore.AccessToken{Token: tok, ExpiresOn: tokentime.Now().Add(3600e9)}, nil
		}
		return c.GetToken(ctx, o)
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(fc.Client())
	client := autorest.Client{Authorizer: a, Sender: a.Sender(fc.Client())}
	assert.Equal(t, http.StatusUnauthorized, getSecret(t, fc, client, "db").StatusCode)
	assert.Equal(t, http.StatusOK, getSecret(t, fc, client, "db").StatusCode)
	assert.Equal(t, 2, fc.KeyVault.Unauthenticated(), "probed again after the 401")
	assert.Equal(t, 2, calls)
}

// The probe is shared through the same helper as the token cache: when the
// caller that sent it gives up, callers still in time probe again instead of
// failing with its cancellation.
func TestChallengeProbeWaitersRetryWhenProberGivesUp(t *testing.T) {
	var probes atomic.Int64
	proberGaveUp := make(chan struct{})
	sender := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("Authorization") != "" {
			return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
		}
		n := probes.Add(1)
		notifyProgress()
		if n == 1 {
			<-r.Context().Done() // the first probe hangs until its caller gives up
			close(proberGaveUp)
			return nil, r.Context().Err()
		}
		h := http.Header{}
		h.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: h, Body: http.NoBody, Request: r}, nil
	})
	waiting := useWaitingHook(t)
	w, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(sender)
	ctx, cancel := context.WithCancel(context.Background())
	prober := make(chan error)
	go func() {
		r, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://myvault.vault.azure.net/secrets/x", nil)
		_, err := autorest.Prepare(r, a.WithAuthorization())
		prober <- err
	}()
	waitFor(t, "the first probe", func() bool { return probes.Load() == 1 })
	waiter := make(chan error)
	go func() {
		r := newRequest(t, "https://myvault.vault.azure.net/secrets/x")
		_, err := autorest.Prepare(r, a.WithAuthorization())
		waiter <- err
	}()
	waitFor(t, "the second caller to wait for the probe", func() bool { return waiting.Load() == 1 })
	cancel()
	<-proberGaveUp
	require.ErrorIs(t, <-prober, context.Canceled)
	assert.NoError(t, <-waiter, "the waiter probed again")
	assert.EqualValues(t, 2, probes.Load())
}

// vaultAfter answers like a vault, after failing the first probes with fail.
func vaultAfter(failures int, fail func(r *http.Request) (*http.Response, error)) (autorest.Sender, *atomic.Int64) {
	var probes atomic.Int64
	return autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("Authorization") != "" {
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		}
		if probes.Add(1) <= int64(failures) {
			return fail(r)
		}
		hdr := http.Header{}
		hdr.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
	}), &probes
}

// A network error or a 5xx during the probe is transient: go-autorest's
// DoRetryForStatusCodes, which v68 clients wrap around the whole send
// (authorization included), tries again, as it does for
// BearerAuthorizerCallback. Before, the probe's failure was a ChallengeError,
// a TokenRefreshError, and the call failed at once.
func TestProbeTransientFailuresAreRetried(t *testing.T) {
	for name, fail := range map[string]func(r *http.Request) (*http.Response, error){
		"connection reset": func(r *http.Request) (*http.Response, error) {
			return nil, &url.Error{Op: "Get", URL: r.URL.String(), Err: errors.New("connection reset by peer")}
		},
		"503": func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		},
		"429": func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			host, probes := vaultAfter(1, fail)
			w, err := New(&scriptedCredential{}, nil)
			require.NoError(t, err)
			client := autorest.Client{Authorizer: w.ChallengeAuthorizer(host), Sender: host}
			resp, err := autorest.SendWithSender(client, newRequest(t, "https://myvault.vault.azure.net/secrets/x?api-version=7.1"),
				autorest.DoRetryForStatusCodes(3, time.Millisecond, autorest.StatusCodesForRetry...))
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.EqualValues(t, 2, probes.Load(), "the failed probe was retried")
		})
	}
}

// A probe that keeps failing at the transport reports the error without the
// URL's query (a SAS signature, say), and still lets errors.As reach the
// transport's *url.Error. Real http.Client, real refused connection.
func TestProbeErrorsDropURLSecrets(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there now
	w, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	client := autorest.Client{Authorizer: w.ChallengeAuthorizer(http.DefaultClient), Sender: http.DefaultClient}
	_, err = autorest.SendWithSender(client, newRequest(t, "https://user:hunter2@"+addr+"/secrets/x?sig=SAS-SIGNATURE-SECRET&api-version=7.1#frag-secret"),
		autorest.DoRetryForStatusCodes(1, time.Millisecond, autorest.StatusCodesForRetry...))
	require.Error(t, err)
	for _, secret := range []string{"SAS-SIGNATURE-SECRET", "hunter2", "frag-secret"} {
		assert.NotContains(t, err.Error(), secret)
	}
	assert.Contains(t, err.Error(), addr+"/secrets/x", "the host and path stay, to say what failed")
	var ue *url.Error
	assert.ErrorAs(t, err, &ue)
	assert.False(t, autorest.IsTokenRefreshError(err), "transient: retriable")
}
