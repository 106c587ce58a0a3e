package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/azure"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

func TestWithAuthorizationHeaders(t *testing.T) {
	for _, tc := range []struct {
		name    string
		aux     []string
		wantAux string
	}{
		{"no auxiliary tenants", nil, ""},
		{"one auxiliary tenant", []string{"aux-1"}, "Bearer token-aux-1"},
		{"auxiliary tenants in order", []string{"aux-2", "aux-1", "aux-3"}, "Bearer token-aux-2, Bearer token-aux-1, Bearer token-aux-3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, _ int64) (azcore.AccessToken, error) {
				return azcore.AccessToken{Token: "token-" + o.TenantID, ExpiresOn: time.Now().Add(time.Hour)}, nil
			}}
			w, err := New(cred, &Options{TenantID: "home", AuxiliaryTenants: tc.aux})
			require.NoError(t, err)
			for i := 0; i < 3; i++ {
				r, err := autorest.Prepare(newRequest(t, "https://management.azure.com/subscriptions"), w.WithAuthorization())
				require.NoError(t, err)
				assert.Equal(t, "Bearer token-home", r.Header.Get("Authorization"))
				assert.Equal(t, tc.wantAux, r.Header.Get("x-ms-authorization-auxiliary"))
				if tc.wantAux == "" {
					assert.NotContains(t, r.Header, "X-Ms-Authorization-Auxiliary")
				}
			}
			assert.EqualValues(t, 1+len(tc.aux), cred.calls.Load(), "one token per tenant")
		})
	}
}

func TestAuxiliaryHeaderFollowsRefresh(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{AuxiliaryTenants: []string{"a", "b"}})
	require.NoError(t, err)
	r, err := autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.NoError(t, err)
	before := r.Header.Get("x-ms-authorization-auxiliary")
	require.NoError(t, w.Refresh())
	r, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.NoError(t, err)
	after := r.Header.Get("x-ms-authorization-auxiliary")
	assert.NotEqual(t, before, after)
	assert.Equal(t, "Bearer token-5, Bearer token-6", after)
}

func TestRefusesPlainHTTP(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	for _, u := range []string{"http://management.azure.com/subscriptions?sig=secret", "HTTP://example.com/", "ws://example.com/"} {
		r := newRequest(t, u)
		_, err := autorest.Prepare(r, w.WithAuthorization())
		var httpErr *HTTPError
		require.ErrorAs(t, err, &httpErr, u)
		assert.True(t, autorest.IsTokenRefreshError(err))
		assert.NotContains(t, err.Error(), "sig=secret", "the query may hold a secret")
		assert.Contains(t, err.Error(), "InsecureAllowCredentialWithHTTP")
		assert.Empty(t, r.Header.Get("Authorization"))
	}
	assert.Zero(t, cred.calls.Load(), "the credential is not called")

	w, err = New(cred, &Options{InsecureAllowCredentialWithHTTP: true})
	require.NoError(t, err)
	r, err := autorest.Prepare(newRequest(t, "http://127.0.0.1:1234/"), w.WithAuthorization())
	require.NoError(t, err)
	assert.Equal(t, "Bearer token-1", r.Header.Get("Authorization"))
}

// A request with no URL goes nowhere; as with go-autorest's authorizers it
// gets the wrapper's own tokens, which is how real code reads the header for a
// call of its own. With ScopeFromHost, no host means the wrapper's scope.
func TestRequestWithoutURLGetsHeader(t *testing.T) {
	for _, opts := range []*Options{
		{TenantID: "home", AuxiliaryTenants: []string{"aux-1"}},
		{TenantID: "home", ScopeFromHost: true},
	} {
		cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, _ int64) (azcore.AccessToken, error) {
			return azcore.AccessToken{Token: fmt.Sprintf("token-%s-%s", o.TenantID, o.Scopes[0]), ExpiresOn: time.Now().Add(time.Hour)}, nil
		}}
		w, err := New(cred, opts)
		require.NoError(t, err)
		r, err := autorest.Prepare(&http.Request{}, w.WithAuthorization())
		require.NoError(t, err)
		assert.Nil(t, r.URL)
		assert.Equal(t, "Bearer token-home-https://management.core.windows.net//.default", r.Header.Get("Authorization"))
		if len(opts.AuxiliaryTenants) > 0 {
			assert.Equal(t, "Bearer token-aux-1-https://management.core.windows.net//.default", r.Header.Get("x-ms-authorization-auxiliary"))
		}
	}
}

func TestPreparerErrorPassesThrough(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	boom := errors.New("earlier decorator failed")
	failing := func(p autorest.Preparer) autorest.Preparer {
		return autorest.PreparerFunc(func(r *http.Request) (*http.Request, error) { return r, boom })
	}
	_, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), failing, w.WithAuthorization())
	require.ErrorIs(t, err, boom)
	assert.Zero(t, cred.calls.Load())
}

// A token failure must not be retried by go-autorest's retry loop, which is
// what v68 clients run (azure.DoRetryWithRegistration around Client.Do).
func TestTokenFailureStopsAutorestRetries(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	fc.Entra.SetDefault(&credwrappertest.Reply{Status: http.StatusUnauthorized, Error: "invalid_client"})
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := New(cred, &Options{Cloud: cfg})
	require.NoError(t, err)

	client := autorest.NewClientWithUserAgent("legacy")
	client.Authorizer = w
	client.Sender = fc.Client()
	client.RetryAttempts = 3
	client.RetryDuration = 30 * time.Second
	req, err := autorest.Prepare(newRequest(t, fc.ARM.URL+"/subscriptions/sub/resourcegroups?api-version=2019-05-01"), autorest.AsGet())
	require.NoError(t, err)

	_, err = autorest.SendWithSender(client, req, azure.DoRetryWithRegistration(client))
	require.Error(t, err)
	assert.True(t, autorest.IsTokenRefreshError(err), "%v", err)
	var authFailed *azidentity.AuthenticationFailedError
	require.ErrorAs(t, err, &authFailed, "errors.As reaches the azidentity error")
	var tokenErr *TokenError
	require.ErrorAs(t, err, &tokenErr)
	assert.Contains(t, err.Error(), armScopePublic, "the message names the scope")
	assert.NotContains(t, err.Error(), fc.ClientSecret)
	assert.Equal(t, 1, fc.Entra.TokenRequests(), "no retry of the token request by go-autorest")
	assert.Empty(t, fc.ARM.Requests(), "ARM is not called without a token")
}

// The wrapper works inside go-autorest's own bearer authorizers.
func TestInsideAutorestBearerAuthorizers(t *testing.T) {
	cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: fmt.Sprintf("%s-%d", o.TenantID, n), ExpiresOn: time.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, &Options{TenantID: "home", AuxiliaryTenants: []string{"aux1", "aux2"}})
	require.NoError(t, err)

	r, err := autorest.Prepare(newRequest(t, "https://management.azure.com/"), autorest.NewBearerAuthorizer(w).WithAuthorization())
	require.NoError(t, err)
	assert.Equal(t, "Bearer home-1", r.Header.Get("Authorization"))

	for i := 0; i < 2; i++ { // AuxiliaryOAuthTokens must hand out a fresh slice: autorest rewrites it in place
		r, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), autorest.NewMultiTenantBearerAuthorizer(w).WithAuthorization())
		require.NoError(t, err)
		assert.Equal(t, "Bearer home-1", r.Header.Get("Authorization"))
		assert.Equal(t, "Bearer aux1-2, Bearer aux2-3", r.Header.Get("x-ms-authorization-auxiliary"))
	}
	assert.EqualValues(t, 3, cred.calls.Load())
}

func TestAdalInterfaces(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{Scopes: []string{"https://vault.azure.net/.default"}})
	require.NoError(t, err)

	assert.Equal(t, "token-1", w.OAuthToken(), "OAuthToken acquires when the cache is empty")
	assert.Equal(t, "token-1", w.PrimaryOAuthToken())
	assert.Empty(t, w.AuxiliaryOAuthTokens())
	require.NoError(t, w.EnsureFresh())
	require.NoError(t, w.EnsureFreshWithContext(context.Background()))
	assert.EqualValues(t, 1, cred.calls.Load(), "EnsureFresh uses the cache")

	require.NoError(t, w.Refresh())
	assert.Equal(t, "token-2", w.OAuthToken(), "Refresh replaces the token")
	require.NoError(t, w.RefreshWithContext(context.Background()))
	assert.Equal(t, "token-3", w.OAuthToken())

	require.NoError(t, w.RefreshExchange("https://vault.azure.net"), "own resource")
	assert.Equal(t, "token-4", w.OAuthToken())
	require.NoError(t, w.RefreshExchangeWithContext(context.Background(), "https://vault.azure.net/.default"))
	assert.Equal(t, "token-5", w.OAuthToken())
	err = w.RefreshExchange("https://storage.azure.com/")
	require.ErrorContains(t, err, "WithScopes")
	assert.EqualValues(t, 5, cred.calls.Load(), "RefreshExchange to another resource calls nothing")

	failing := &scriptedCredential{fn: func(context.Context, policy.TokenRequestOptions, int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{}, errors.New("nope")
	}}
	fw, err := New(failing, &Options{AuxiliaryTenants: []string{"x"}})
	require.NoError(t, err)
	assert.Empty(t, fw.OAuthToken())
	assert.Equal(t, []string{""}, fw.AuxiliaryOAuthTokens())
	assert.Error(t, fw.EnsureFresh())
	assert.Error(t, fw.Refresh())
}

// One wrapper serves a new azcore ARM client (through GetToken) and a legacy
// request, with a real azidentity credential against the fake cloud.
func TestSameWrapperForNewClient(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := New(cred, &Options{Cloud: cfg, EnableCAE: true})
	require.NoError(t, err)

	client, err := arm.NewClient("credwrapper.test", "v0.0.1", w, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	require.NoError(t, err)
	legacy := autorest.Client{Authorizer: w, Sender: fc.Client()}
	for i := 0; i < 3; i++ {
		req, err := runtime.NewRequest(context.Background(), http.MethodGet, runtime.JoinPaths(client.Endpoint(), "/subscriptions")+"?api-version=2022-12-01")
		require.NoError(t, err)
		resp, err := client.Pipeline().Do(req)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		resp.Body.Close()

		lreq, err := autorest.Prepare(newRequest(t, fc.ARM.URL+"/subscriptions?api-version=2019-06-01"), autorest.AsGet())
		require.NoError(t, err)
		lresp, err := legacy.Do(lreq)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, lresp.StatusCode)
		lresp.Body.Close()
	}
	assert.Len(t, fc.ARM.Requests(), 6)
	assert.Equal(t, 1, fc.ARM.DistinctTokens(), "one token for both clients")
	assert.Equal(t, 1, fc.Entra.TokenRequests())
	assert.Equal(t, 1, fc.Entra.TokenRequestsFor(armScopePublic, true))
	assert.Zero(t, fc.ARM.Unauthenticated())
	assert.Empty(t, fc.ARM.Rejected())
}

// With ScopeFromHost, one wrapper authorizes requests to several well-known
// services, each with a token for its own audience; other hosts get Scopes.
func TestScopeFromHost(t *testing.T) {
	cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: fmt.Sprintf("%s#%d", o.Scopes[0], n), ExpiresOn: time.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, &Options{ScopeFromHost: true, AuxiliaryTenants: []string{"aux"}})
	require.NoError(t, err)
	for _, tc := range []struct{ url, wantScope string }{
		{"https://management.azure.com/subscriptions", armScopePublic},
		{"https://myvault.vault.azure.net/secrets/x", "https://vault.azure.net/.default"},
		{"https://account.blob.core.windows.net/c/b", "https://storage.azure.com/.default"},
		{"https://graph.microsoft.com/v1.0/me", "https://graph.microsoft.com/.default"},
		{"https://myvault.vault.azure.net.evil.example/", armScopePublic},
		{"https://unknown.example/", armScopePublic},
		{"https://myvault.vault.azure.net/secrets/y", "https://vault.azure.net/.default"},
	} {
		r, err := autorest.Prepare(newRequest(t, tc.url), w.WithAuthorization())
		require.NoError(t, err)
		assert.Contains(t, r.Header.Get("Authorization"), "Bearer "+tc.wantScope+"#", tc.url)
		if tc.wantScope == armScopePublic {
			assert.NotEmpty(t, r.Header.Get("x-ms-authorization-auxiliary"), tc.url)
		} else {
			assert.Empty(t, r.Header.Get("x-ms-authorization-auxiliary"), "auxiliary tokens go to Resource Manager only: %s", tc.url)
		}
	}
	assert.EqualValues(t, 5, cred.calls.Load(), "one token per audience plus the auxiliary tenant's")

	off, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	r, err := autorest.Prepare(newRequest(t, "https://myvault.vault.azure.net/"), off.WithAuthorization())
	require.NoError(t, err)
	assert.Equal(t, "Bearer token-1", r.Header.Get("Authorization"), "without the option, Scopes")
	kv, err := w.WithScopes("https://vault.azure.net/.default")
	require.NoError(t, err)
	assert.True(t, kv.scopeFromHost, "WithScopes keeps the option")
}
