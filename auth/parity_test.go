package auth

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	legacy "github.com/Azure/go-autorest/autorest/azure/auth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

const pfxPath, pfxPassword = "testdata/certificate_encrypted_key.pfx", "password"

// tokenProvider returns what an authorizer's TokenProvider method returns, or
// nil when it has none.
func tokenProvider(a autorest.Authorizer) any {
	switch a := a.(type) {
	case *autorest.BearerAuthorizer:
		return a.TokenProvider()
	case *autorest.MultiTenantBearerAuthorizer:
		return a.TokenProvider()
	}
	return nil
}

// Every constructor returns the concrete authorizer go-autorest v0.5.13
// returns, holding the same concrete token provider, so that the type
// assertions of real code keep working. go-autorest builds its authorizers
// without a network call for all of these, so both run side by side.
func TestSameConcreteTypesAsGoAutorest(t *testing.T) {
	type build func() (autorest.Authorizer, error)
	for _, tc := range []struct {
		name          string
		setup         func(t *testing.T, fc *credwrappertest.Cloud)
		ours, theirs  build
		wantAuthz     any
		wantProvider  any
		requestsToken bool
	}{
		{"environment, client secret", func(t *testing.T, fc *credwrappertest.Cloud) { t.Setenv(ClientSecret, fc.ClientSecret) },
			NewAuthorizerFromEnvironment, legacy.NewAuthorizerFromEnvironment,
			&autorest.BearerAuthorizer{}, &adal.ServicePrincipalToken{}, true},
		{"environment, client secret, auxiliary tenants", func(t *testing.T, fc *credwrappertest.Cloud) {
			t.Setenv(ClientSecret, fc.ClientSecret)
			t.Setenv(AuxiliaryTenantIDs, "aux-1;aux-2")
		}, NewAuthorizerFromEnvironment, legacy.NewAuthorizerFromEnvironment,
			&autorest.MultiTenantBearerAuthorizer{}, &adal.MultiTenantServicePrincipalToken{}, true},
		{"environment, certificate", func(t *testing.T, fc *credwrappertest.Cloud) {
			t.Setenv(CertificatePath, pfxPath)
			t.Setenv(CertificatePassword, pfxPassword)
		}, NewAuthorizerFromEnvironment, legacy.NewAuthorizerFromEnvironment,
			&autorest.BearerAuthorizer{}, &adal.ServicePrincipalToken{}, true},
		{"environment, username and password", func(t *testing.T, fc *credwrappertest.Cloud) {
			t.Setenv(Username, "alice@contoso.com")
			t.Setenv(Password, "correct horse battery staple")
		}, NewAuthorizerFromEnvironment, legacy.NewAuthorizerFromEnvironment,
			&autorest.BearerAuthorizer{}, &adal.ServicePrincipalToken{}, true},
		{"environment, managed identity", func(t *testing.T, fc *credwrappertest.Cloud) {
			t.Setenv(ClientID, "") // system-assigned
			t.Setenv("IDENTITY_ENDPOINT", fc.ManagedIdentityEndpoint())
			t.Setenv("IDENTITY_HEADER", credwrappertest.IdentityHeader)
		}, NewAuthorizerFromEnvironment, legacy.NewAuthorizerFromEnvironment,
			&autorest.BearerAuthorizer{}, &adal.ServicePrincipalToken{}, false},
		{"environment with resource", func(t *testing.T, fc *credwrappertest.Cloud) { t.Setenv(ClientSecret, fc.ClientSecret) },
			func() (autorest.Authorizer, error) { return NewAuthorizerFromEnvironmentWithResource(armResource) },
			func() (autorest.Authorizer, error) {
				return legacy.NewAuthorizerFromEnvironmentWithResource(armResource)
			},
			&autorest.BearerAuthorizer{}, &adal.ServicePrincipalToken{}, true},
		{"file, client secret", func(t *testing.T, fc *credwrappertest.Cloud) {
			sdkAuthFile(t, fc, map[string]any{"clientSecret": fc.ClientSecret}, "utf-16le")
		}, func() (autorest.Authorizer, error) { return NewAuthorizerFromFile("https://management.azure.com") },
			func() (autorest.Authorizer, error) {
				return legacy.NewAuthorizerFromFile("https://management.azure.com")
			},
			&autorest.BearerAuthorizer{}, &adal.ServicePrincipalToken{}, true},
		{"file with resource, certificate", func(t *testing.T, fc *credwrappertest.Cloud) {
			sdkAuthFile(t, fc, map[string]any{"clientCertificate": pfxPath, "clientCertificatePassword": pfxPassword}, "utf-8")
		}, func() (autorest.Authorizer, error) { return NewAuthorizerFromFileWithResource(armResource) },
			func() (autorest.Authorizer, error) { return legacy.NewAuthorizerFromFileWithResource(armResource) },
			&autorest.BearerAuthorizer{}, &adal.ServicePrincipalToken{}, true},
		{"Azure CLI", func(t *testing.T, fc *credwrappertest.Cloud) { fakeAzureCLI(t, fc, time.Hour) },
			NewAuthorizerFromCLI, legacy.NewAuthorizerFromCLI,
			&autorest.BearerAuthorizer{}, &adal.Token{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakeEnvironment(t)
			tc.setup(t, fc)
			theirs, err := tc.theirs()
			require.NoError(t, err, "go-autorest")
			ours, err := tc.ours()
			require.NoError(t, err)
			assert.IsType(t, tc.wantAuthz, theirs, "the test's expectation")
			assert.IsType(t, tc.wantProvider, tokenProvider(theirs), "the test's expectation")
			assert.Equal(t, reflect.TypeOf(theirs), reflect.TypeOf(ours))
			assert.Equal(t, reflect.TypeOf(tokenProvider(theirs)), reflect.TypeOf(tokenProvider(ours)))
			if tc.requestsToken {
				callARM(t, fc, ours)
				assert.Equal(t, "v2", lastTokenRequest(t, fc).Endpoint, "the token came from azidentity")
			}
		})
	}
}

// The twin fails where go-autorest fails, and returns a working authorizer
// where go-autorest returns one; then the first request fails with the
// reason instead of a nil authorizer being used.
func TestSameMomentsOfFailureAsGoAutorest(t *testing.T) {
	httpEnvironment := func(t *testing.T, fc *credwrappertest.Cloud) {
		envFile := filepath.Join(t.TempDir(), "http.json")
		b, err := json.Marshal(map[string]string{
			"name": "AzureStackCloud", "activeDirectoryEndpoint": "http://" + fc.Entra.URL[len("https://"):] + "/",
			"resourceManagerEndpoint": fc.ARM.URL + "/",
		})
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(envFile, b, 0o600))
		t.Setenv("AZURE_ENVIRONMENT_FILEPATH", envFile)
	}
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, fc *credwrappertest.Cloud)
		fails   bool   // at construction, in go-autorest and here
		atFirst string // else: what the first request's error says
	}{
		{"AZURE_AD_RESOURCE=my-resource", func(t *testing.T, fc *credwrappertest.Cloud) { t.Setenv(Resource, "my-resource") }, false, "my-resource"},
		{"empty AZURE_TENANT_ID", func(t *testing.T, fc *credwrappertest.Cloud) { t.Setenv(TenantID, "") }, false, "tenant"},
		{"http:// AAD endpoint", httpEnvironment, false, "https"},
		{"empty client ID", func(t *testing.T, fc *credwrappertest.Cloud) { t.Setenv(ClientID, "") }, true, ""},
		{"four auxiliary tenants", func(t *testing.T, fc *credwrappertest.Cloud) { t.Setenv(AuxiliaryTenantIDs, "a;b;c;d") }, true, ""},
		{"missing certificate file", func(t *testing.T, fc *credwrappertest.Cloud) {
			t.Setenv(ClientSecret, "")
			t.Setenv(CertificatePath, filepath.Join(t.TempDir(), "missing.pfx"))
		}, true, ""},
		{"wrong certificate password", func(t *testing.T, fc *credwrappertest.Cloud) {
			t.Setenv(ClientSecret, "")
			t.Setenv(CertificatePath, pfxPath)
			t.Setenv(CertificatePassword, "wrong")
		}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakeEnvironment(t)
			t.Setenv(ClientSecret, fc.ClientSecret)
			tc.setup(t, fc)
			_, theirErr := legacy.NewAuthorizerFromEnvironment()
			ours, err := NewAuthorizerFromEnvironment()
			assert.Equal(t, theirErr != nil, err != nil, "go-autorest: %v; twin: %v", theirErr, err)
			require.Equal(t, tc.fails, err != nil, "%v", err)
			if tc.fails {
				assert.NotContains(t, err.Error(), fc.ClientSecret)
				return
			}
			require.NotNil(t, ours)
			_, err = autorest.Prepare(newARMRequest(t, fc), ours.WithAuthorization())
			require.Error(t, err, "the first request reports the problem")
			assert.Contains(t, err.Error(), tc.atFirst)
			assert.True(t, autorest.IsTokenRefreshError(err), "go-autorest does not retry: %T", err)
			t.Log(err)
			assert.NotContains(t, err.Error(), fc.ClientSecret)
			assert.Zero(t, fc.ARM.Requests(), "nothing was sent to ARM")
		})
	}
}

func newARMRequest(t *testing.T, fc *credwrappertest.Cloud) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, fc.ARM.URL+"/subscriptions?api-version=2019-06-01", nil)
	require.NoError(t, err)
	return r
}

// Behind an *adal.ServicePrincipalToken, the token is refreshed through
// azidentity: with tokens that adal and MSAL always consider close to expiry
// (four minutes, inside their five-minute windows), adal asks on every
// request, the wrapper behind it answers from its cache while the token is
// usable, then azidentity gets a new token from Entra ID. The wrapper and the
// fake cloud share a fake clock: no sleep.
func TestAdalTokenRefreshesThroughAzidentity(t *testing.T) {
	clock := credwrappertest.NewClock(time.Now())
	old := tokentime.Now
	tokentime.Now = clock.Now
	t.Cleanup(func() { tokentime.Now = old })
	fc := fakeEnvironmentWith(t, &credwrappertest.Options{Now: clock.Now, TokenLifetime: 4 * time.Minute})
	t.Setenv(ClientSecret, fc.ClientSecret)
	a, err := NewAuthorizerFromEnvironment()
	require.NoError(t, err)
	spt := a.(*autorest.BearerAuthorizer).TokenProvider().(*adal.ServicePrincipalToken)
	callARM(t, fc, a)
	clock.Advance(time.Minute)
	callARM(t, fc, a)
	require.Equal(t, 1, fc.Entra.TokenRequests(), "adal asked twice, the cache answered")
	first := spt.OAuthToken()
	clock.Advance(3 * time.Minute) // past the token's usable end: the wrapper fetches at once
	callARM(t, fc, a)
	require.Equal(t, 2, fc.Entra.TokenRequests())
	assert.NotEqual(t, first, spt.OAuthToken(), "adal holds the new token")
	r := lastTokenRequest(t, fc)
	assert.Equal(t, []string{"v2", "secret"}, []string{r.Endpoint, r.Proof})
	assert.False(t, spt.Token().IsExpired())

	// RefreshExchange asks azidentity for the other resource.
	require.NoError(t, spt.RefreshExchange("https://vault.azure.net"))
	assert.Equal(t, "https://vault.azure.net/.default", lastTokenRequest(t, fc).Scope)
	assert.Equal(t, "https://vault.azure.net", spt.Token().Resource)
}

// Many goroutines on one adal token: Entra ID sees one request at a time, and
// one per token (adal's lock and the wrapper's cache).
func TestAdalTokenOneFetchUnderConcurrency(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(ClientSecret, fc.ClientSecret)
	t.Setenv(AuxiliaryTenantIDs, "aux-1")
	a, err := NewAuthorizerFromEnvironment()
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 10 {
				r, err := autorest.Prepare(newARMRequest(t, fc), a.WithAuthorization())
				if assert.NoError(t, err) {
					assert.NotEmpty(t, r.Header.Get("Authorization"))
					assert.NotEmpty(t, r.Header.Get("x-ms-authorization-auxiliary"))
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 2, fc.Entra.TokenRequests(), "one token per tenant")
	assert.Equal(t, 1, fc.Entra.MaxConcurrentTokenRequests())
}

// Credential gives new SDK clients the credential behind an authorizer of
// this package: the legacy and the new client share one token.
func TestCredentialSharesToken(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(ClientSecret, fc.ClientSecret)
	a, err := NewAuthorizerFromEnvironment()
	require.NoError(t, err)
	w, ok := Credential(a)
	require.True(t, ok)
	assert.Equal(t, []string{armResource + "/.default"}, w.Scopes())
	callARM(t, fc, a)
	tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{})
	require.NoError(t, err)
	r := newARMRequest(t, fc)
	r.Header.Set("Authorization", "Bearer "+tk.Token) // as azcore's bearer token policy does
	resp, err := fc.Client().Do(r)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 1, fc.ARM.DistinctTokens(), "one token for both")
	assert.Equal(t, 1, fc.Entra.TokenRequests())

	for _, other := range []autorest.Authorizer{nil, autorest.NullAuthorizer{}, autorest.NewBearerAuthorizer(&adal.Token{}), (*autorest.BearerAuthorizer)(nil)} {
		_, ok := Credential(other)
		assert.False(t, ok, "%T", other)
	}
	fakeAzureCLI(t, fc, time.Hour)
	cli, err := NewAuthorizerFromCLI()
	require.NoError(t, err)
	_, ok = Credential(cli)
	assert.False(t, ok, "the CLI's token is a snapshot")
}

// The map from adal tokens to their wrappers holds its keys weakly: the
// entries of forgotten authorizers go away with them, and so do their
// wrappers, which an entry would keep alive.
func TestCredentialRegistryForgetsCollectedTokens(t *testing.T) {
	var wrappers []weak.Pointer[credwrapper.CredentialWrapper]
	func() {
		for range 100 {
			a, err := NewClientCredentialsConfig("client", "secret", "tenant").Authorizer()
			require.NoError(t, err)
			w, ok := Credential(a)
			require.True(t, ok, "registered")
			wrappers = append(wrappers, weak.Make(w))
		}
	}()
	alive := func() int {
		n := 0
		for _, w := range wrappers {
			if w.Value() != nil {
				n++
			}
		}
		return n
	}
	// a liveness bound, not a speed assertion: cleanups run after a GC
	for deadline := time.Now().Add(30 * time.Second); alive() > 0 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	assert.Zero(t, alive(), "wrappers of forgotten authorizers are collected")
}

// The sdk-auth file's client-credential adal tokens are go-autorest's type
// and fail, or not, when go-autorest's do, with the same errors; only where
// their tokens come from differs.
func TestFileServicePrincipalTokenLikeGoAutorest(t *testing.T) {
	complete := map[string]string{
		ClientID: "11111111-2222-4333-8444-555555555555", ClientSecret: "file-secret", TenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
		ActiveDirectoryEndpoint: "https://login.microsoftonline.com/", ResourceManagerEndpoint: armResource,
	}
	with := func(k, v string) map[string]string {
		m := maps.Clone(complete)
		m[k] = v
		return m
	}
	without := func(k string) map[string]string {
		m := maps.Clone(complete)
		delete(m, k)
		return m
	}
	for _, tc := range []struct {
		name     string
		values   map[string]string
		resource string
	}{
		{"complete", complete, armResource},
		{"http:// authority", with(ActiveDirectoryEndpoint, "http://login.example/"), armResource},
		{"no authority: the public cloud's", without(ActiveDirectoryEndpoint), armResource},
		{"missing client secret", without(ClientSecret), armResource},
		{"empty client secret", with(ClientSecret, ""), armResource},
		{"empty client ID", with(ClientID, ""), armResource},
		{"malformed authority", with(ActiveDirectoryEndpoint, "://bad"), armResource},
		{"empty resource", complete, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ours, err := FileSettings{Values: tc.values}.ServicePrincipalTokenFromClientCredentialsWithResource(tc.resource)
			theirs, theirErr := legacy.FileSettings{Values: tc.values}.ServicePrincipalTokenFromClientCredentialsWithResource(tc.resource)
			if theirErr != nil {
				require.Error(t, err)
				assert.Equal(t, theirErr.Error(), err.Error())
				return
			}
			require.NoError(t, err)
			assert.IsType(t, theirs, ours)
			_, ok := lookup(ours)
			assert.Equal(t, !strings.HasPrefix(tc.values[ActiveDirectoryEndpoint], "http:"), ok, "an azidentity credential behind it, unless the authority is refused")
		})
	}
}
