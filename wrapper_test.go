package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const armScopePublic = "https://management.core.windows.net//.default"

func TestNewDefaults(t *testing.T) {
	cred := &scriptedCredential{}
	for _, opts := range []*Options{nil, {}} {
		w, err := New(cred, opts)
		require.NoError(t, err)
		assert.Equal(t, []string{armScopePublic}, w.Scopes())
		assert.False(t, w.enableCAE)
		assert.False(t, w.allowHTTP)
	}
}

func TestNewCloudScopes(t *testing.T) {
	for _, tc := range []struct {
		cloud cloud.Configuration
		want  string
	}{
		{cloud.AzurePublic, armScopePublic},
		{cloud.AzureChina, azcoreARMScope(cloud.AzureChina)},
		{cloud.AzureGovernment, azcoreARMScope(cloud.AzureGovernment)},
	} {
		w, err := New(&scriptedCredential{}, &Options{Cloud: tc.cloud})
		require.NoError(t, err)
		assert.Equal(t, []string{tc.want}, w.Scopes())
	}
}

func TestNewErrors(t *testing.T) {
	cred := &scriptedCredential{}
	for _, tc := range []struct {
		name    string
		cred    azcore.TokenCredential
		opts    *Options
		wantErr string
	}{
		{"nil credential", nil, nil, "credential is nil"},
		{"typed nil credential is still a credential", (*scriptedCredential)(nil), &Options{Scopes: []string{""}}, "empty scope"},
		{"empty scope", cred, &Options{Scopes: []string{""}}, "empty scope"},
		{"relative scope", cred, &Options{Scopes: []string{"vault.azure.net/.default"}}, "not an absolute URI"},
		{"space-separated scopes", cred, &Options{Scopes: []string{"https://a/.default https://b/.default"}}, "white space"},
		{"cloud without ARM", cred, &Options{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: "https://login.example/"}}, "no resourceManager audience"},
		{"bad tenant", cred, &Options{TenantID: "contoso/../x"}, `TenantID "contoso/../x"`},
		{"bad auxiliary tenant", cred, &Options{AuxiliaryTenants: []string{"ok", "bad tenant"}}, `AuxiliaryTenants[1] "bad tenant"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := New(tc.cred, tc.opts)
			require.Error(t, err)
			assert.Nil(t, w)
			assert.Contains(t, err.Error(), tc.wantErr)
			assert.True(t, strings.HasPrefix(err.Error(), "credwrapper: "), err.Error())
		})
	}
}

func TestNewCopiesOptions(t *testing.T) {
	scopes := []string{"https://vault.azure.net/.default"}
	aux := []string{"tenant-a", "tenant-b", "tenant-a"}
	c := cloud.Configuration{ActiveDirectoryAuthorityHost: "https://login.example/", Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
		cloud.ResourceManager: {Audience: "https://arm.example", Endpoint: "https://arm.example"},
	}}
	w, err := New(&scriptedCredential{}, &Options{Scopes: scopes, AuxiliaryTenants: aux, Cloud: c})
	require.NoError(t, err)
	scopes[0] = "https://evil.example/.default"
	aux[0] = "evil"
	c.Services[cloud.ResourceManager] = cloud.ServiceConfiguration{Audience: "https://evil.example"}
	assert.Equal(t, []string{"https://vault.azure.net/.default"}, w.Scopes())
	assert.Equal(t, []string{"tenant-a", "tenant-b"}, w.auxTenants, "copied, duplicates dropped, order kept")
	assert.Equal(t, "https://arm.example", w.cloud.Services[cloud.ResourceManager].Audience)
	got := w.Scopes()
	got[0] = "changed"
	assert.Equal(t, []string{"https://vault.azure.net/.default"}, w.Scopes(), "Scopes returns a copy")
}

func TestNewDefault(t *testing.T) {
	// Construction only: calling GetToken would probe managed identity and
	// the developer tools, and tests never reach Azure.
	w, err := NewDefault(nil)
	require.NoError(t, err)
	assert.Equal(t, []string{armScopePublic}, w.Scopes())
	_, ok := w.cache.cred.(*azidentity.DefaultAzureCredential)
	assert.True(t, ok, "NewDefault wraps a DefaultAzureCredential, got %T", w.cache.cred)

	w, err = NewDefault(&DefaultOptions{Options: Options{Cloud: cloud.AzureChina, AuxiliaryTenants: []string{"aux-tenant"}}})
	require.NoError(t, err)
	assert.Equal(t, []string{azcoreARMScope(cloud.AzureChina)}, w.Scopes())

	_, err = NewDefault(&DefaultOptions{Options: Options{Scopes: []string{"nope"}}})
	require.ErrorContains(t, err, "not an absolute URI")
}

func TestGetTokenSharesCacheWithLegacyPath(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	ctx := context.Background()

	r := newRequest(t, "https://management.azure.com/subscriptions")
	_, err = autorest.Prepare(r, w.WithAuthorization())
	require.NoError(t, err)
	// what azcore's arm BearerTokenPolicy asks for
	tk, err := w.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{armScopePublic}, EnableCAE: true})
	require.NoError(t, err)
	assert.Equal(t, "Bearer "+tk.Token, r.Header.Get("Authorization"))
	assert.EqualValues(t, 1, cred.calls.Load(), "legacy and new clients share one token")

	// a different CAE setting, tenant or scope is a different token
	_, err = w.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{armScopePublic}})
	require.NoError(t, err)
	_, err = w.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{armScopePublic}, EnableCAE: true, TenantID: "other"})
	require.NoError(t, err)
	_, err = w.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}, EnableCAE: true})
	require.NoError(t, err)
	assert.EqualValues(t, 4, cred.calls.Load())
	// and each is cached
	for i := 0; i < 3; i++ {
		_, err = w.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}, EnableCAE: true})
		require.NoError(t, err)
		_, err = w.GetToken(ctx, policy.TokenRequestOptions{}) // the wrapper's own scopes
		require.NoError(t, err)
	}
	assert.EqualValues(t, 4, cred.calls.Load())

	reqs := cred.requests()
	assert.Equal(t, policy.TokenRequestOptions{Scopes: []string{armScopePublic}, EnableCAE: true}, reqs[0])
	assert.Equal(t, policy.TokenRequestOptions{Scopes: []string{armScopePublic}, EnableCAE: false}, reqs[1])
	assert.Equal(t, "other", reqs[2].TenantID)

	_, err = w.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"bad scope"}})
	require.ErrorContains(t, err, "white space")
}

func TestGetTokenClaimsBypassAndReplace(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{EnableCAE: true})
	require.NoError(t, err)
	ctx := context.Background()
	opts := policy.TokenRequestOptions{Scopes: []string{armScopePublic}, EnableCAE: true}

	first, err := w.GetToken(ctx, opts)
	require.NoError(t, err)
	claimsOpts := opts
	claimsOpts.Claims = `{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}`
	withClaims, err := w.GetToken(ctx, claimsOpts)
	require.NoError(t, err)
	assert.NotEqual(t, first.Token, withClaims.Token, "a claims request bypasses the cache")
	assert.Equal(t, claimsOpts.Claims, cred.requests()[1].Claims)

	after, err := w.GetToken(ctx, opts)
	require.NoError(t, err)
	assert.Equal(t, withClaims.Token, after.Token, "the claims token replaced the cached one")
	r := newRequest(t, "https://management.azure.com/")
	_, err = autorest.Prepare(r, w.WithAuthorization())
	require.NoError(t, err)
	assert.Equal(t, "Bearer "+withClaims.Token, r.Header.Get("Authorization"))
	assert.EqualValues(t, 2, cred.calls.Load())
}

func TestWithScopesSharesCredentialAndCache(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{TenantID: "tenant-a"})
	require.NoError(t, err)
	kv, err := w.WithScopes("https://vault.azure.net/.default")
	require.NoError(t, err)
	assert.Equal(t, []string{"https://vault.azure.net/.default"}, kv.Scopes())
	assert.Equal(t, []string{armScopePublic}, w.Scopes(), "the original is unchanged")
	assert.Same(t, w.cache, kv.cache)

	r := newRequest(t, "https://myvault.vault.azure.net/secrets/x")
	_, err = autorest.Prepare(r, kv.WithAuthorization())
	require.NoError(t, err)
	// a second WithScopes for the same audience finds the cached token
	kv2, err := w.WithScopes("https://vault.azure.net/.default")
	require.NoError(t, err)
	r2 := newRequest(t, "https://myvault.vault.azure.net/secrets/x")
	_, err = autorest.Prepare(r2, kv2.WithAuthorization())
	require.NoError(t, err)
	assert.Equal(t, r.Header.Get("Authorization"), r2.Header.Get("Authorization"))
	assert.EqualValues(t, 1, cred.calls.Load())
	assert.Equal(t, "tenant-a", cred.requests()[0].TenantID)
	assert.Equal(t, []string{"https://vault.azure.net/.default"}, cred.requests()[0].Scopes)

	for _, bad := range [][]string{nil, {""}, {"vault"}} {
		_, err = w.WithScopes(bad...)
		assert.Error(t, err, "%q", bad)
	}
}

func TestCAEDefaultOffOnLegacyPath(t *testing.T) {
	for _, enable := range []bool{false, true} {
		cred := &scriptedCredential{}
		w, err := New(cred, &Options{EnableCAE: enable})
		require.NoError(t, err)
		_, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
		require.NoError(t, err)
		assert.Equal(t, enable, cred.requests()[0].EnableCAE)
	}
}

func TestNoTokenInFormattingOrErrors(t *testing.T) {
	const secret = "eyJTOP-SECRET-TOKEN"
	cred := &scriptedCredential{fn: func(context.Context, policy.TokenRequestOptions, int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: secret, ExpiresOn: time.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, &Options{AuxiliaryTenants: []string{"aux-tenant"}})
	require.NoError(t, err)
	require.NoError(t, w.EnsureFresh())
	r := newRequest(t, "https://management.azure.com/")
	_, err = autorest.Prepare(r, w.WithAuthorization())
	require.NoError(t, err)
	require.Contains(t, r.Header.Get("Authorization"), secret, "the token is in the request")

	var printed []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		printed = append(printed, fmt.Sprintf(format, w))
	}
	printed = append(printed, fmt.Sprintf("%+v", struct{ Authorizer autorest.Authorizer }{w}))
	printed = append(printed, fmt.Sprintf("%+v", autorest.Client{Authorizer: w}))
	printed = append(printed, fmt.Sprintf("%#v", *w.primary.cur.Load()))
	printed = append(printed, fmt.Sprintf("%+v %v", w.primary.cur.Load(), w.primary))
	for _, p := range printed {
		assert.NotContains(t, p, secret)
		assert.NotContains(t, p, "eyJ")
	}
	assert.Contains(t, printed[0], armScopePublic, "the configuration is printed")
	assert.Contains(t, printed[0], "aux-tenant")

	// errors name the scopes, never a token
	errs := []error{
		w.RefreshExchange("https://vault.azure.net"),
		(&TokenError{Scopes: w.scopes, Err: errors.New("boom")}),
	}
	_, err = autorest.Prepare(newRequest(t, "http://management.azure.com/?sig="+secret), w.WithAuthorization())
	errs = append(errs, err)
	for _, err := range errs {
		require.Error(t, err)
		assert.NotContains(t, err.Error(), secret)
		assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), secret)
	}
}

func newRequest(t testing.TB, url string) *http.Request {
	t.Helper()
	r, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	require.NoError(t, err)
	return r
}
