package auth

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"go/types"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/printcheck"
)

// The two promises SECURITY.md makes for every token path of this package,
// an http:// authority receives nothing and every token comes from
// azidentity, are tested on the paths the package itself exports: every
// exported function and method whose results can hand out a token, or a
// configuration that can. A path without a case in tokenPathCases fails both
// tests.

// tokenMethods are the methods that hand out a token: autorest.Authorizer's,
// adal.OAuthTokenProvider's, adal.MultitenantOAuthTokenProvider's and
// azcore.TokenCredential's.
var tokenMethods = []string{"WithAuthorization", "OAuthToken", "PrimaryOAuthToken", "GetToken"}

// exportedTokenPaths lists the package's token paths, "F" for a function and
// "T.M" for a method (value or pointer receiver): those with a result whose
// method set has one of tokenMethods, or an exported method with such a
// result (a configuration, such as ClientCredentialsConfig or
// EnvironmentSettings). The methods of an interface type are abstract: its
// implementations are listed.
func exportedTokenPaths(t *testing.T) []string {
	t.Helper()
	pkg := printcheck.Load(t, ".")
	memo := map[string]bool{}
	var yields func(types.Type) bool
	resultsYield := func(f *types.Func) bool {
		res := f.Type().(*types.Signature).Results()
		for i := range res.Len() {
			if yields(res.At(i).Type()) {
				return true
			}
		}
		return false
	}
	yields = func(typ types.Type) bool {
		key := types.TypeString(typ, nil)
		if v, ok := memo[key]; ok {
			return v
		}
		memo[key] = false // a type reached again through its own methods adds nothing
		ms := types.NewMethodSet(typ)
		if _, isPtr := typ.(*types.Pointer); !isPtr && !types.IsInterface(typ) {
			ms = types.NewMethodSet(types.NewPointer(typ))
		}
		for m := range ms.Methods() {
			f := m.Obj().(*types.Func)
			if f.Exported() && (slices.Contains(tokenMethods, f.Name()) || resultsYield(f)) {
				memo[key] = true
				return true
			}
		}
		return false
	}
	var paths []string
	for _, name := range pkg.Scope().Names() {
		switch obj := pkg.Scope().Lookup(name).(type) {
		case *types.Func:
			if obj.Exported() && resultsYield(obj) {
				paths = append(paths, name)
			}
		case *types.TypeName:
			if !obj.Exported() || types.IsInterface(obj.Type()) {
				continue
			}
			for m := range types.NewMethodSet(types.NewPointer(obj.Type())).Methods() {
				if f := m.Obj().(*types.Func); f.Exported() && resultsYield(f) {
					paths = append(paths, name+"."+f.Name())
				}
			}
		}
	}
	require.NotEmpty(t, paths)
	return paths
}

// requireCases fails the test for an exported token path without a case, or
// a case naming no exported token path, and returns the paths.
func requireCases(t *testing.T) []string {
	t.Helper()
	paths := exportedTokenPaths(t)
	for _, p := range paths {
		if _, ok := tokenPathCases[p]; !ok {
			t.Errorf("new exported token path %s has no case in tokenPathCases", p)
		}
	}
	for name := range tokenPathCases {
		if !slices.Contains(paths, name) {
			t.Errorf("tokenPathCases has a case for %s, which is not an exported token path", name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return paths
}

// target is where a case points its token path: the Entra ID authority
// (an attacker's plain-HTTP listener, or the fake cloud's Entra ID), with the
// fake cloud for everything else (Resource Manager, managed identity).
type target struct {
	url    string // the AAD endpoint, ending in "/"
	secret string // the client secret, or the user's password
	fc     *credwrappertest.Cloud
	// azureCLIRuns is set by azureCLI: the working directory of each run
	// of the fake az.
	azureCLIRuns *func() []string
}

// environment names the authority in the environment, as an Azure Stack
// environment file; fakeEnvironment set the rest.
func (a target) environment(t *testing.T) {
	t.Helper()
	b, err := json.Marshal(map[string]string{
		"name": "AzureStackCloud", "activeDirectoryEndpoint": a.url, "resourceManagerEndpoint": a.fc.ARM.URL + "/",
	})
	require.NoError(t, err)
	p := filepath.Join(t.TempDir(), "environment.json")
	require.NoError(t, os.WriteFile(p, b, 0o600))
	t.Setenv("AZURE_ENVIRONMENT_FILEPATH", p)
}

// clientSecret names the authority and a client secret in the environment.
func (a target) clientSecret(t *testing.T) {
	a.environment(t)
	t.Setenv(ClientSecret, a.secret)
}

// file writes an sdk-auth file naming the authority, with a client secret or
// a certificate, and returns its settings.
func (a target) file(t *testing.T, certificate bool) FileSettings {
	t.Helper()
	fields := map[string]any{"activeDirectoryEndpointUrl": a.url, "clientSecret": a.secret}
	if certificate {
		fields = map[string]any{"activeDirectoryEndpointUrl": a.url, "clientCertificate": pfxPath, "clientCertificatePassword": pfxPassword}
	}
	sdkAuthFile(t, a.fc, fields, "utf-8")
	s, err := GetSettingsFromFile()
	require.NoError(t, err)
	return s
}

func (a target) settings(t *testing.T) EnvironmentSettings {
	t.Helper()
	s, err := GetSettingsFromEnvironment()
	require.NoError(t, err)
	return s
}

func (a target) clientCredentials() ClientCredentialsConfig {
	c := NewClientCredentialsConfig(a.fc.ClientID, a.secret, a.fc.TenantID)
	c.AADEndpoint, c.Resource = a.url, armResource
	return c
}

func (a target) clientCertificate() ClientCertificateConfig {
	c := NewClientCertificateConfig(pfxPath, pfxPassword, a.fc.ClientID, a.fc.TenantID)
	c.AADEndpoint, c.Resource = a.url, armResource
	return c
}

func (a target) usernamePassword() UsernamePasswordConfig {
	c := NewUsernamePasswordConfig("alice@contoso.com", a.secret, a.fc.ClientID, a.fc.TenantID)
	c.AADEndpoint, c.Resource = a.url, armResource
	return c
}

// deviceFlow answers the device code prompt and returns the configuration.
func (a target) deviceFlow(t *testing.T) DeviceFlowConfig {
	t.Helper()
	a.devicePrompt(t)
	c := NewDeviceFlowConfig(a.fc.ClientID, a.fc.TenantID)
	c.AADEndpoint, c.Resource = a.url, armResource
	return c
}

func (a target) devicePrompt(t *testing.T) {
	old := deviceCodePrompt
	deviceCodePrompt = func(context.Context, azidentity.DeviceCodeMessage) error { return nil }
	t.Cleanup(func() { deviceCodePrompt = old })
}

// managedIdentity points managed identity at the fake cloud and returns a
// client ID of its own, so that azidentity's process-wide cache of managed
// identity tokens does not answer instead of the endpoint.
func (a target) managedIdentity(t *testing.T) string {
	a.environment(t) // no part in managed identity, named anyway
	t.Setenv("IDENTITY_ENDPOINT", a.fc.ManagedIdentityEndpoint())
	t.Setenv("IDENTITY_HEADER", credwrappertest.IdentityHeader)
	return fmt.Sprintf("user-assigned-%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano())
}

func (a target) workloadIdentity(t *testing.T) WorkloadIdentityConfig {
	t.Helper()
	file := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(file, []byte("federated-token-from-kubernetes"), 0o600))
	t.Setenv(FederatedTokenFile, file)
	a.environment(t)
	s := a.settings(t)
	c, err := s.GetWorkloadIdentity()
	require.NoError(t, err)
	return c
}

func (a target) oauth(t *testing.T) adal.OAuthConfig {
	t.Helper()
	c, err := adal.NewOAuthConfig(a.url, a.fc.TenantID)
	require.NoError(t, err)
	return *c
}

func (a target) multiTenantOAuth(t *testing.T) adal.MultiTenantOAuthConfig {
	t.Helper()
	c, err := adal.NewMultiTenantOAuthConfig(a.url, a.fc.TenantID, []string{"aux-tenant"}, adal.OAuthOptions{})
	require.NoError(t, err)
	return c
}

// pfx reads the certificate and key of the PKCS#12 test file, as adal does.
func pfx(t *testing.T) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	data, err := os.ReadFile(pfxPath)
	require.NoError(t, err)
	cert, key, err := adal.DecodePfxCertificateData(data, pfxPassword)
	require.NoError(t, err)
	return cert, key
}

// azureCLI puts a fake az on PATH; the Azure CLI has no authority, which is
// named in the environment anyway.
func (a target) azureCLI(t *testing.T) {
	a.environment(t)
	*a.azureCLIRuns = fakeAzureCLIDirs(t, a.fc, time.Hour)
}

// authorizer returns what a config's Authorizer returns.
func authorizer(c AuthorizerConfig) (any, error) { return c.Authorizer() }

// tokenPathCases drive each exported token path against an authority and
// return what the path returned: an authorizer, an adal token, a wrapper.
var tokenPathCases = map[string]func(t *testing.T, a target) (any, error){
	"Credential": func(t *testing.T, a target) (any, error) {
		az, err := a.clientCredentials().Authorizer()
		if err != nil {
			return nil, err
		}
		if w, ok := Credential(az); ok {
			return w, nil
		}
		return nil, errors.New("no credential behind the authorizer")
	},
	"GetSettingsFromEnvironment": func(t *testing.T, a target) (any, error) {
		a.clientSecret(t)
		s, err := GetSettingsFromEnvironment()
		require.NoError(t, err)
		return s.GetAuthorizer()
	},
	"GetSettingsFromFile": func(t *testing.T, a target) (any, error) {
		a.file(t, false)
		s, err := GetSettingsFromFile()
		require.NoError(t, err)
		return s.GetAuthorizer(armResource)
	},
	"NewAuthorizerFromCLI": func(t *testing.T, a target) (any, error) {
		a.azureCLI(t)
		return NewAuthorizerFromCLI()
	},
	"NewAuthorizerFromCLIWithResource": func(t *testing.T, a target) (any, error) {
		a.azureCLI(t)
		return NewAuthorizerFromCLIWithResource(armResource)
	},
	"NewAuthorizerFromEnvironment": func(t *testing.T, a target) (any, error) {
		a.clientSecret(t)
		return NewAuthorizerFromEnvironment()
	},
	"NewAuthorizerFromEnvironmentWithResource": func(t *testing.T, a target) (any, error) {
		a.clientSecret(t)
		return NewAuthorizerFromEnvironmentWithResource(armResource)
	},
	"NewAuthorizerFromFile": func(t *testing.T, a target) (any, error) {
		a.file(t, false)
		return NewAuthorizerFromFile(armResource)
	},
	"NewAuthorizerFromFileWithResource": func(t *testing.T, a target) (any, error) {
		a.file(t, false)
		return NewAuthorizerFromFileWithResource(armResource)
	},
	"NewClientCertificateConfig": func(t *testing.T, a target) (any, error) {
		return authorizer(a.clientCertificate())
	},
	"NewClientCredentialsConfig": func(t *testing.T, a target) (any, error) {
		return authorizer(a.clientCredentials())
	},
	"NewDeviceFlowConfig": func(t *testing.T, a target) (any, error) {
		return authorizer(a.deviceFlow(t))
	},
	"NewMSIConfig": func(t *testing.T, a target) (any, error) {
		c := NewMSIConfig()
		c.Resource, c.ClientID = armResource, a.managedIdentity(t)
		return authorizer(c)
	},
	"NewUsernamePasswordConfig": func(t *testing.T, a target) (any, error) {
		return authorizer(a.usernamePassword())
	},
	"NewMultiTenantServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		return NewMultiTenantServicePrincipalToken(a.multiTenantOAuth(t), a.fc.ClientID, a.secret, armResource)
	},
	"NewMultiTenantServicePrincipalTokenFromCertificate": func(t *testing.T, a target) (any, error) {
		cert, key := pfx(t)
		return NewMultiTenantServicePrincipalTokenFromCertificate(a.multiTenantOAuth(t), a.fc.ClientID, cert, key, armResource)
	},
	"NewServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		return NewServicePrincipalToken(a.oauth(t), a.fc.ClientID, a.secret, armResource)
	},
	"NewServicePrincipalTokenFromCertificate": func(t *testing.T, a target) (any, error) {
		cert, key := pfx(t)
		return NewServicePrincipalTokenFromCertificate(a.oauth(t), a.fc.ClientID, cert, key, armResource)
	},
	"NewServicePrincipalTokenFromManagedIdentity": func(t *testing.T, a target) (any, error) {
		return NewServicePrincipalTokenFromManagedIdentity(armResource, &adal.ManagedIdentityOptions{ClientID: a.managedIdentity(t)})
	},

	"ClientCertificateConfig.Authorizer": func(t *testing.T, a target) (any, error) {
		return a.clientCertificate().Authorizer()
	},
	"ClientCertificateConfig.MultiTenantServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		c := a.clientCertificate()
		c.AuxTenants = []string{"aux-tenant"}
		return c.MultiTenantServicePrincipalToken()
	},
	"ClientCertificateConfig.ServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		return a.clientCertificate().ServicePrincipalToken()
	},
	"ClientCredentialsConfig.Authorizer": func(t *testing.T, a target) (any, error) {
		c := a.clientCredentials()
		c.AuxTenants = []string{"aux-tenant"} // go-autorest's multi-tenant authorizer
		return c.Authorizer()
	},
	"ClientCredentialsConfig.MultiTenantServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		c := a.clientCredentials()
		c.AuxTenants = []string{"aux-tenant"}
		return c.MultiTenantServicePrincipalToken()
	},
	"ClientCredentialsConfig.ServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		return a.clientCredentials().ServicePrincipalToken()
	},
	"DeviceFlowConfig.Authorizer": func(t *testing.T, a target) (any, error) {
		return a.deviceFlow(t).Authorizer()
	},
	"DeviceFlowConfig.ServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		return a.deviceFlow(t).ServicePrincipalToken()
	},
	"EnvironmentSettings.GetAuthorizer": func(t *testing.T, a target) (any, error) {
		a.clientSecret(t)
		return a.settings(t).GetAuthorizer()
	},
	"EnvironmentSettings.GetClientCertificate": func(t *testing.T, a target) (any, error) {
		a.environment(t)
		t.Setenv(CertificatePath, pfxPath)
		t.Setenv(CertificatePassword, pfxPassword)
		c, err := a.settings(t).GetClientCertificate()
		require.NoError(t, err)
		return authorizer(c)
	},
	"EnvironmentSettings.GetClientCredentials": func(t *testing.T, a target) (any, error) {
		a.clientSecret(t)
		t.Setenv(AuxiliaryTenantIDs, "aux-tenant")
		c, err := a.settings(t).GetClientCredentials()
		require.NoError(t, err)
		return authorizer(c)
	},
	"EnvironmentSettings.GetDeviceFlow": func(t *testing.T, a target) (any, error) {
		a.environment(t)
		a.devicePrompt(t)
		return authorizer(a.settings(t).GetDeviceFlow())
	},
	"EnvironmentSettings.GetMSI": func(t *testing.T, a target) (any, error) {
		t.Setenv(ClientID, a.managedIdentity(t))
		return authorizer(a.settings(t).GetMSI())
	},
	"EnvironmentSettings.GetUsernamePassword": func(t *testing.T, a target) (any, error) {
		a.environment(t)
		t.Setenv(Username, "alice@contoso.com")
		t.Setenv(Password, a.secret)
		c, err := a.settings(t).GetUsernamePassword()
		require.NoError(t, err)
		return authorizer(c)
	},
	"EnvironmentSettings.GetWorkloadIdentity": func(t *testing.T, a target) (any, error) {
		return authorizer(a.workloadIdentity(t))
	},
	"FileSettings.ClientCertificateAuthorizer": func(t *testing.T, a target) (any, error) {
		return a.file(t, true).ClientCertificateAuthorizer(armResource)
	},
	"FileSettings.ClientCertificateAuthorizerWithResource": func(t *testing.T, a target) (any, error) {
		return a.file(t, true).ClientCertificateAuthorizerWithResource(armResource)
	},
	"FileSettings.ClientCredentialsAuthorizer": func(t *testing.T, a target) (any, error) {
		return a.file(t, false).ClientCredentialsAuthorizer(armResource)
	},
	"FileSettings.ClientCredentialsAuthorizerWithResource": func(t *testing.T, a target) (any, error) {
		return a.file(t, false).ClientCredentialsAuthorizerWithResource(armResource)
	},
	"FileSettings.GetAuthorizer": func(t *testing.T, a target) (any, error) {
		return a.file(t, true).GetAuthorizer(armResource)
	},
	"FileSettings.ServicePrincipalTokenFromClientCertificate": func(t *testing.T, a target) (any, error) {
		return a.file(t, true).ServicePrincipalTokenFromClientCertificate(armResource)
	},
	"FileSettings.ServicePrincipalTokenFromClientCertificateWithResource": func(t *testing.T, a target) (any, error) {
		return a.file(t, true).ServicePrincipalTokenFromClientCertificateWithResource(armResource)
	},
	"FileSettings.ServicePrincipalTokenFromClientCredentials": func(t *testing.T, a target) (any, error) {
		return a.file(t, false).ServicePrincipalTokenFromClientCredentials(armResource)
	},
	"FileSettings.ServicePrincipalTokenFromClientCredentialsWithResource": func(t *testing.T, a target) (any, error) {
		return a.file(t, false).ServicePrincipalTokenFromClientCredentialsWithResource(armResource)
	},
	"MSIConfig.Authorizer": func(t *testing.T, a target) (any, error) {
		return MSIConfig{Resource: armResource, ClientID: a.managedIdentity(t)}.Authorizer()
	},
	"MSIConfig.ServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		return MSIConfig{Resource: armResource, ClientID: a.managedIdentity(t)}.ServicePrincipalToken()
	},
	"UsernamePasswordConfig.Authorizer": func(t *testing.T, a target) (any, error) {
		return a.usernamePassword().Authorizer()
	},
	"UsernamePasswordConfig.ServicePrincipalToken": func(t *testing.T, a target) (any, error) {
		return a.usernamePassword().ServicePrincipalToken()
	},
	"WorkloadIdentityConfig.Authorizer": func(t *testing.T, a target) (any, error) {
		return a.workloadIdentity(t).Authorizer()
	},
}

// askForTokens asks for tokens through what a token path returned, every way
// it offers, without sending a request to a service: an adal token refreshes
// (for its resource and another), an authorizer authorizes a request.
func askForTokens(t *testing.T, v any) []error {
	t.Helper()
	switch v := v.(type) {
	case *adal.ServicePrincipalToken:
		return []error{v.Refresh(), v.EnsureFresh(), v.RefreshExchange("https://vault.azure.net")}
	case *adal.MultiTenantServicePrincipalToken:
		return []error{v.RefreshWithContext(context.Background()), v.EnsureFreshWithContext(context.Background())}
	case autorest.Authorizer:
		r, err := http.NewRequest(http.MethodGet, "https://management.azure.com/subscriptions?api-version=2019-06-01", nil)
		require.NoError(t, err)
		_, err = autorest.Prepare(r, v.WithAuthorization())
		return []error{err}
	}
	t.Fatalf("a token path returned a %T; teach askForTokens how to ask it for a token", v)
	return nil
}

// An attacker's plain-HTTP "authority": go-autorest sends it the client
// secret at the first token request. Nothing reaches it from the twin, no
// secret and no request at all, by any exported token path, and no error
// echoes the secret.
func TestNoSecretToPlainHTTPAuthority(t *testing.T) {
	const secret = "the-secret-the-attacker-wants"
	for _, name := range requireCases(t) {
		t.Run(name, func(t *testing.T) {
			fc := fakeEnvironment(t)
			var hits atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				hits.Add(1)
				w.WriteHeader(http.StatusOK)
			}))
			t.Cleanup(srv.Close)
			var azureCLIRuns func() []string
			v, err := tokenPathCases[name](t, target{url: srv.URL + "/", secret: secret, fc: fc, azureCLIRuns: &azureCLIRuns})
			errs := []error{err}
			if err == nil {
				errs = append(errs, askForTokens(t, v)...)
			}
			for _, err := range errs {
				if err != nil {
					assert.NotContains(t, err.Error(), secret)
				}
			}
			assert.Zero(t, hits.Load(), "the plain-HTTP authority received a request")
		})
	}
}

// Every exported token path gets its tokens from azidentity: the fake Entra
// ID sees azidentity's requests (Entra ID's v2 endpoint, or the managed
// identity endpoint), never adal's v1 form post, and the token adal holds is
// the one the azidentity credential behind it returns. adal's own requests
// could not even reach the fake (its client does not trust the fake's
// certificate; azidentity's is given the fake's client).
func TestEveryTokenPathGetsItsTokenFromAzidentity(t *testing.T) {
	for _, name := range requireCases(t) {
		t.Run(name, func(t *testing.T) {
			fc := fakeEnvironment(t)
			var azureCLIRuns func() []string
			v, err := tokenPathCases[name](t, target{url: fc.Entra.URL + "/", secret: fc.ClientSecret, fc: fc, azureCLIRuns: &azureCLIRuns})
			require.NoError(t, err)
			tokenFromAzidentity(t, fc, v, azureCLIRuns)
			if azureCLIRuns == nil {
				log := fc.Entra.TokenRequestLog()
				require.NotEmpty(t, log, "a token request reached Entra ID")
				for _, r := range log {
					assert.Contains(t, []string{"v2", "msi"}, r.Endpoint, "azidentity's request")
				}
			}
		})
	}
}

// tokenFromAzidentity sends a request to the fake ARM through what a token
// path returned and checks that its token is the one of the azidentity
// credential behind it.
func tokenFromAzidentity(t *testing.T, fc *credwrappertest.Cloud, v any, azureCLIRuns func() []string) {
	t.Helper()
	ctx := context.Background()
	switch v := v.(type) {
	case *adal.ServicePrincipalToken:
		callARM(t, fc, autorest.NewBearerAuthorizer(v))
		w, ok := lookup(v)
		require.True(t, ok, "an azidentity credential behind the adal token")
		tk, err := w.GetToken(ctx, policy.TokenRequestOptions{})
		require.NoError(t, err)
		assert.Equal(t, tk.Token, v.OAuthToken(), "adal holds azidentity's token")
	case *adal.MultiTenantServicePrincipalToken:
		callARM(t, fc, autorest.NewMultiTenantServicePrincipalTokenAuthorizer(v))
		w, ok := lookup(v)
		require.True(t, ok, "an azidentity credential behind the adal token")
		tk, err := w.GetToken(ctx, policy.TokenRequestOptions{})
		require.NoError(t, err)
		assert.Equal(t, tk.Token, v.PrimaryOAuthToken(), "adal holds azidentity's token")
	case *autorest.BearerAuthorizer:
		if tk, ok := v.TokenProvider().(*adal.Token); ok {
			// The Azure CLI's token is a snapshot: no Entra ID request, no
			// credential kept behind it.
			t.Log("Azure CLI: the token is the Azure CLI's; azidentity's AzureCLICredential ran az (from /bin, where go-autorest ran it in the caller's directory)")
			require.NotNil(t, azureCLIRuns, "the case put a fake az on PATH")
			callARM(t, fc, v)
			bin, err := filepath.EvalSymlinks("/bin")
			require.NoError(t, err)
			assert.Equal(t, []string{bin}, azureCLIRuns(), "az ran once, run by azidentity")
			assert.NotEmpty(t, tk.AccessToken)
			return
		}
		tokenFromAzidentity(t, fc, v.TokenProvider(), azureCLIRuns)
	case *autorest.MultiTenantBearerAuthorizer:
		tokenFromAzidentity(t, fc, v.TokenProvider(), azureCLIRuns)
	case *credwrapper.CredentialWrapper:
		callARM(t, fc, v)
		assert.Contains(t, v.String(), "Credential:*azidentity.", "an azidentity credential")
	default:
		t.Fatalf("a token path returned a %T; teach tokenFromAzidentity how to get its token", v)
	}
}
