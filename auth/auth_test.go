package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

const armResource = "https://management.azure.com/"

// TestMain forbids probing the real instance metadata service and fails the
// package's tests if any goroutine is left behind.
func TestMain(m *testing.M) {
	probeIMDS = func(context.Context) bool { return false }
	goleak.VerifyTestMain(m)
}

// allVars are the environment variables the package or azidentity read.
var allVars = []string{
	SubscriptionID, TenantID, AuxiliaryTenantIDs, ClientID, ClientSecret, CertificatePath, CertificatePassword,
	Username, Password, EnvironmentName, Resource, FederatedTokenFile, "AZURE_AUTH_LOCATION",
	"AZURE_ENVIRONMENT_FILEPATH", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET",
	"IMDS_ENDPOINT", "AZURE_AUTHORITY_HOST", "AZURE_CLIENT_CERTIFICATE_PATH",
}

// fakeEnvironment starts a fake cloud, clears the environment, and points
// AZURE_ENVIRONMENT at it as an Azure Stack environment file, the way a legacy
// deployment names a custom cloud. Credentials use the cloud's client.
func fakeEnvironment(t testing.TB) *credwrappertest.Cloud {
	t.Helper()
	return fakeEnvironmentWith(t, nil)
}

// fakeEnvironmentWith is fakeEnvironment with a cloud of the given options.
func fakeEnvironmentWith(t testing.TB, opts *credwrappertest.Options) *credwrappertest.Cloud {
	t.Helper()
	fc := credwrappertest.NewTest(t, opts)
	for _, v := range allVars {
		t.Setenv(v, "")
	}
	envFile := filepath.Join(t.TempDir(), "environment.json")
	b, err := json.Marshal(map[string]string{
		"name":                      "AzureStackCloud",
		"activeDirectoryEndpoint":   fc.Entra.URL + "/",
		"resourceManagerEndpoint":   fc.ARM.URL + "/",
		"serviceManagementEndpoint": armResource,
		"tokenAudience":             armResource,
	})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(envFile, b, 0o600))
	t.Setenv(EnvironmentName, "AzureStackCloud")
	t.Setenv("AZURE_ENVIRONMENT_FILEPATH", envFile)
	t.Setenv(Resource, armResource) // the fake ARM's endpoint is not an audience
	t.Setenv(TenantID, fc.TenantID)
	t.Setenv(ClientID, fc.ClientID)
	old := clientOptions
	clientOptions = func() policy.ClientOptions { return fc.ClientOptions() }
	t.Cleanup(func() { clientOptions = old })
	return fc
}

// callARM sends a legacy request through a and requires success.
func callARM(t *testing.T, fc *credwrappertest.Cloud, a autorest.Authorizer) {
	t.Helper()
	c := autorest.NewClientWithUserAgent("auth-test")
	c.Authorizer, c.Sender = a, fc.Client()
	req, err := autorest.Prepare(&http.Request{}, autorest.AsGet(), autorest.WithBaseURL(fc.ARM.URL),
		autorest.WithPath("/subscriptions"), autorest.WithQueryParameters(map[string]interface{}{"api-version": "2019-06-01"}))
	require.NoError(t, err)
	resp, err := c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func lastTokenRequest(t *testing.T, fc *credwrappertest.Cloud) credwrappertest.TokenRequest {
	t.Helper()
	log := fc.Entra.TokenRequestLog()
	require.NotEmpty(t, log)
	return log[len(log)-1]
}

func TestEnvironmentClientSecret(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(ClientSecret, fc.ClientSecret)
	a, err := NewAuthorizerFromEnvironment()
	require.NoError(t, err)
	require.IsType(t, &autorest.BearerAuthorizer{}, a, "go-autorest's type")
	w, ok := Credential(a)
	require.True(t, ok)
	assert.Equal(t, []string{"https://management.azure.com//.default"}, w.Scopes())
	callARM(t, fc, a)
	callARM(t, fc, a)
	r := lastTokenRequest(t, fc)
	assert.Equal(t, "secret", r.Proof)
	assert.Equal(t, fc.ClientID, r.ClientID)
	assert.Equal(t, fc.TenantID, r.TenantID)
	assert.Equal(t, 1, fc.Entra.TokenRequests(), "cached")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", a, a, a), fc.ClientSecret)
}

func TestEnvironmentAuxiliaryTenants(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(ClientSecret, fc.ClientSecret)
	t.Setenv(AuxiliaryTenantIDs, "aux-tenant-1; aux-tenant-2")
	a, err := NewAuthorizerFromEnvironment()
	require.NoError(t, err)
	callARM(t, fc, a)
	reqs := fc.ARM.Requests()
	require.Len(t, reqs, 1)
	require.Len(t, reqs[0].Auxiliary, 2)
	assert.Equal(t, "aux-tenant-1", reqs[0].Auxiliary[0].TenantID)
	assert.Equal(t, "aux-tenant-2", reqs[0].Auxiliary[1].TenantID)
}

func TestEnvironmentWithResource(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(ClientSecret, fc.ClientSecret)
	a, err := NewAuthorizerFromEnvironmentWithResource("https://vault.azure.net")
	require.NoError(t, err)
	w, ok := Credential(a)
	require.True(t, ok)
	assert.Equal(t, []string{"https://vault.azure.net/.default"}, w.Scopes())
	require.NoError(t, a.(*autorest.BearerAuthorizer).TokenProvider().(*adal.ServicePrincipalToken).EnsureFresh())
	assert.Equal(t, "https://vault.azure.net/.default", lastTokenRequest(t, fc).Scope)
}

func TestEnvironmentErrors(t *testing.T) {
	fakeEnvironment(t)
	t.Setenv(EnvironmentName, "NoSuchCloud")
	_, err := NewAuthorizerFromEnvironment()
	require.Error(t, err)
	t.Setenv(EnvironmentName, "")
	_, err = NewAuthorizerFromEnvironment()
	require.EqualError(t, err, "MSI not available", "nothing configured and no IMDS")

	s, err := GetSettingsFromEnvironment()
	require.NoError(t, err)
	_, err = s.GetClientCredentials()
	assert.EqualError(t, err, "missing client secret")
	_, err = s.GetClientCertificate()
	assert.EqualError(t, err, "missing certificate path")
	_, err = s.GetUsernamePassword()
	assert.EqualError(t, err, "missing username/password")
	_, err = s.GetWorkloadIdentity()
	assert.Error(t, err)
	assert.Equal(t, "", s.GetSubscriptionID())

	// As in go-autorest, an http:// authority is accepted here; unlike
	// go-autorest, the first token request refuses to send the secret.
	bad := NewClientCredentialsConfig("c", "s", "t")
	bad.AADEndpoint = "http://login.example/"
	a, err := bad.Authorizer()
	require.NoError(t, err)
	_, err = autorest.Prepare(&http.Request{}, a.WithAuthorization())
	assert.ErrorContains(t, err, "not an https URL")
	bad = NewClientCredentialsConfig("c", "s", "t")
	bad.Resource = ""
	_, err = bad.Authorizer()
	assert.ErrorContains(t, err, "resource", "adal refuses an empty resource, as in go-autorest")
}

// writeCertificate writes a self-signed RSA certificate and its key as PEM.
func writeCertificate(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "credwrapper-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	p := filepath.Join(t.TempDir(), "cert.pem")
	data := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})...)
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

func TestEnvironmentClientCertificate(t *testing.T) {
	for _, tc := range []struct {
		name, path, password string
	}{
		{"PKCS#12 with password (as before)", filepath.Join("testdata", "certificate_encrypted_key.pfx"), "password"},
		{"PEM (new)", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakeEnvironment(t)
			path := tc.path
			if path == "" {
				path = writeCertificate(t)
			}
			t.Setenv(CertificatePath, path)
			t.Setenv(CertificatePassword, tc.password)
			a, err := NewAuthorizerFromEnvironment()
			require.NoError(t, err)
			callARM(t, fc, a)
			r := lastTokenRequest(t, fc)
			assert.Equal(t, "assertion", r.Proof)
			assert.Equal(t, 3, len(strings.Split(r.Assertion, ".")), "a JWT signed with the certificate")
		})
	}
	fakeEnvironment(t)
	t.Setenv(CertificatePath, filepath.Join("testdata", "certificate_encrypted_key.pfx"))
	_, err := NewAuthorizerFromEnvironment()
	assert.ErrorContains(t, err, "failed to decode the certificate file", "wrong password")
	t.Setenv(CertificatePath, filepath.Join("testdata", "missing.pfx"))
	_, err = NewAuthorizerFromEnvironment()
	assert.ErrorContains(t, err, "failed to read the certificate file")
}

func TestEnvironmentUsernamePassword(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(Username, "alice@contoso.com")
	t.Setenv(Password, "correct horse battery staple")
	a, err := NewAuthorizerFromEnvironment()
	require.NoError(t, err)
	callARM(t, fc, a)
	r := lastTokenRequest(t, fc)
	assert.Equal(t, "password", r.Proof)
	assert.Equal(t, "alice@contoso.com", r.Username)
}

func TestEnvironmentWorkloadIdentity(t *testing.T) {
	fc := fakeEnvironment(t)
	file := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(file, []byte("federated-token-from-kubernetes"), 0o600))
	t.Setenv(FederatedTokenFile, file)
	a, err := NewAuthorizerFromEnvironment()
	require.NoError(t, err)
	callARM(t, fc, a)
	r := lastTokenRequest(t, fc)
	assert.Equal(t, "assertion", r.Proof)
	assert.Equal(t, "federated-token-from-kubernetes", r.Assertion)
}

func TestEnvironmentManagedIdentity(t *testing.T) {
	// azidentity caches managed identity tokens for the process; a unique
	// user-assigned client ID makes the second case request a token whatever
	// ran before.
	for _, clientID := range []string{"", fmt.Sprintf("user-assigned-%d", time.Now().UnixNano())} {
		fc := fakeEnvironment(t)
		t.Setenv(ClientID, clientID)
		t.Setenv("IDENTITY_ENDPOINT", fc.ManagedIdentityEndpoint())
		t.Setenv("IDENTITY_HEADER", credwrappertest.IdentityHeader)
		a, err := NewAuthorizerFromEnvironment()
		require.NoError(t, err)
		callARM(t, fc, a)
		if clientID == "" && fc.Entra.TokenRequests() == 0 {
			continue // served from azidentity's cache by an earlier run in this process
		}
		r := lastTokenRequest(t, fc)
		assert.Equal(t, "msi", r.Endpoint)
		assert.Equal(t, armResource, r.Resource)
		if clientID != "" {
			assert.Equal(t, clientID, r.ClientID)
		}
	}
}

// Without endpoint variables, MSI detection probes IMDS with a deadline of at
// most one second instead of blocking.
func TestManagedIdentityProbeIsBounded(t *testing.T) {
	fakeEnvironment(t)
	var deadline time.Duration
	probeIMDS = func(ctx context.Context) bool {
		d, ok := ctx.Deadline()
		require.True(t, ok)
		deadline = time.Until(d)
		return false
	}
	t.Cleanup(func() { probeIMDS = func(context.Context) bool { return false } })
	_, err := NewAuthorizerFromEnvironment()
	require.EqualError(t, err, "MSI not available")
	assert.LessOrEqual(t, deadline, time.Second)
	assert.Positive(t, deadline)
}

func TestDeviceFlow(t *testing.T) {
	fc := fakeEnvironment(t)
	var prompt string
	old := deviceCodePrompt
	deviceCodePrompt = func(_ context.Context, m azidentity.DeviceCodeMessage) error { prompt = m.Message; return nil }
	t.Cleanup(func() { deviceCodePrompt = old })
	s, err := GetSettingsFromEnvironment()
	require.NoError(t, err)
	dfc := s.GetDeviceFlow()
	assert.Equal(t, fc.Entra.URL+"/", dfc.AADEndpoint)
	a, err := dfc.Authorizer()
	require.NoError(t, err)
	assert.Contains(t, prompt, "CWTEST01", "the user was told how to sign in")
	assert.Equal(t, "device_code", lastTokenRequest(t, fc).Proof, "Authorizer waited for the sign-in")
	require.IsType(t, &autorest.BearerAuthorizer{}, a, "go-autorest's type")
	spt, ok := a.(*autorest.BearerAuthorizer).TokenProvider().(*adal.ServicePrincipalToken)
	require.True(t, ok)
	assert.False(t, spt.Token().IsZero(), "holds the token of the sign-in")
	callARM(t, fc, a)
	assert.Equal(t, 1, fc.Entra.TokenRequests(), "the sign-in's token serves the request")
}

// fakeAzureCLI puts an `az` on PATH that prints a token minted by the fake
// Entra ID, expiring after lifetime, and counts its runs in a file.
func fakeAzureCLI(t *testing.T, fc *credwrappertest.Cloud, lifetime time.Duration) (runs func() int) {
	t.Helper()
	dirs := fakeAzureCLIDirs(t, fc, lifetime)
	return func() int { return len(dirs()) }
}

// fakeAzureCLIDirs is fakeAzureCLI returning the working directory of each
// run of az.
func fakeAzureCLIDirs(t *testing.T, fc *credwrappertest.Cloud, lifetime time.Duration) (dirs func() []string) {
	t.Helper()
	dir := t.TempDir()
	tok, err := fc.Entra.IssueToken(credwrappertest.TokenOptions{Scope: armResource + "/.default"})
	require.NoError(t, err)
	count := filepath.Join(dir, "runs")
	// Each run's token expires a second later than the last one's, so that
	// two runs within a second are told apart.
	script := fmt.Sprintf(`#!/bin/sh
pwd >> %q
exp=$(( $(date +%%s) + %d + $(wc -l < %q) ))
cat <<JSON
{"accessToken": %q, "expires_on": $exp, "expiresOn": "$(date -d @$exp '+%%Y-%%m-%%d %%H:%%M:%%S.000000')", "subscription": "sub", "tenant": %q, "tokenType": "Bearer"}
JSON
`, count, int(lifetime/time.Second), count, tok, fc.TenantID)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o755))
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return func() []string {
		b, _ := os.ReadFile(count)
		return strings.Fields(string(b))
	}
}

// As in go-autorest, the CLI authorizer holds one token, an *adal.Token that
// real code reads to decide when to sign in again, and never runs az again.
func TestCLISnapshot(t *testing.T) {
	fc := fakeEnvironment(t)
	runs := fakeAzureCLI(t, fc, time.Hour)
	before := time.Now()
	a, err := NewAuthorizerFromCLI()
	require.NoError(t, err)
	assert.Equal(t, 1, runs(), "a token at once, as before")
	tp := a.(*autorest.BearerAuthorizer).TokenProvider()
	tok, ok := tp.(*adal.Token)
	require.True(t, ok, "%T", tp)
	_, refreshes := tp.(adal.Refresher)
	assert.False(t, refreshes, "a snapshot, as in go-autorest")
	assert.WithinDuration(t, before.Add(time.Hour), tok.Expires(), 5*time.Second, "the CLI's expiry")
	assert.Equal(t, armResource, tok.Resource)
	for range 3 {
		callARM(t, fc, a)
	}
	assert.Equal(t, 1, runs(), "never refreshed")
	assert.Zero(t, fc.Entra.TokenRequests())
}

// The refreshing replacement MIGRATION.md gives for the CLI authorizer:
// credwrapper.New around an azidentity.AzureCLICredential runs az again when
// the token nears expiry (the Azure CLI hands back a token with a later
// expiry, which is not a failed refresh).
func TestCLIWrapperRefreshes(t *testing.T) {
	fc := fakeEnvironment(t)
	runs := fakeAzureCLI(t, fc, time.Hour)
	var mu sync.Mutex
	now := time.Now()
	old := tokentime.Now
	tokentime.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	t.Cleanup(func() { tokentime.Now = old })
	cred, err := azidentity.NewAzureCLICredential(nil)
	require.NoError(t, err)
	a, err := credwrapper.New(cred, &credwrapper.Options{Scopes: []string{credwrapper.ScopeFromResource(armResource)}})
	require.NoError(t, err)
	callARM(t, fc, a)
	callARM(t, fc, a)
	assert.Equal(t, 1, runs(), "cached")
	mu.Lock()
	now = now.Add(time.Hour - 10*time.Second) // past the token's usable end
	mu.Unlock()
	callARM(t, fc, a) // waits for a new token
	assert.Equal(t, 2, runs(), "refreshed by running az again")
	callARM(t, fc, a)
	assert.Equal(t, 2, runs(), "and cached again")
}

func TestCLIMissing(t *testing.T) {
	fakeEnvironment(t)
	t.Setenv("PATH", t.TempDir())
	_, err := NewAuthorizerFromCLIWithResource(armResource)
	require.Error(t, err)
	// The credential is unavailable (no az), not refused by Entra ID; the
	// wording is azidentity's, so only the types are checked.
	var te *credwrapper.TokenError
	require.ErrorAs(t, err, &te)
	var af *azidentity.AuthenticationFailedError
	assert.False(t, errors.As(err, &af), "no token request was made: %v", err)
	assert.Contains(t, err.Error(), "Azure CLI", "our own message names the source")
}

// sdkAuthFile writes an sdk-auth file for the fake cloud in an encoding.
func sdkAuthFile(t *testing.T, fc *credwrappertest.Cloud, fields map[string]any, encoding string) {
	t.Helper()
	content := map[string]any{
		"clientId": fc.ClientID, "tenantId": fc.TenantID, "subscriptionId": fc.SubscriptionID,
		"activeDirectoryEndpointUrl": fc.Entra.URL + "/", "resourceManagerEndpointUrl": armResource,
		"activeDirectoryGraphResourceId": "https://graph.windows.net/", "managementEndpointUrl": "https://management.core.windows.net/",
	}
	for k, v := range fields {
		content[k] = v
	}
	b, err := json.MarshalIndent(content, "", "  ")
	require.NoError(t, err)
	switch encoding {
	case "utf-8-bom":
		b = append([]byte{0xEF, 0xBB, 0xBF}, b...)
	case "utf-16le", "utf-16be":
		u := utf16.Encode([]rune(string(b)))
		out := make([]byte, 2+2*len(u))
		var order binary.ByteOrder = binary.LittleEndian
		copy(out, []byte{0xFF, 0xFE})
		if encoding == "utf-16be" {
			order = binary.BigEndian
			copy(out, []byte{0xFE, 0xFF})
		}
		for i, c := range u {
			order.PutUint16(out[2+2*i:], c)
		}
		b = out
	}
	p := filepath.Join(t.TempDir(), "azureauth.json")
	require.NoError(t, os.WriteFile(p, b, 0o600))
	t.Setenv("AZURE_AUTH_LOCATION", p)
}

func TestAuthFile(t *testing.T) {
	for _, enc := range []string{"utf-8", "utf-8-bom", "utf-16le", "utf-16be"} {
		t.Run(enc, func(t *testing.T) {
			fc := fakeEnvironment(t)
			sdkAuthFile(t, fc, map[string]any{"clientSecret": fc.ClientSecret}, enc)
			s, err := GetSettingsFromFile()
			require.NoError(t, err)
			assert.Equal(t, fc.SubscriptionID, s.GetSubscriptionID())
			a, err := NewAuthorizerFromFile("https://management.azure.com") // the SDK's base URI picks the resource
			require.NoError(t, err)
			callARM(t, fc, a)
			assert.Equal(t, "https://management.azure.com//.default", lastTokenRequest(t, fc).Scope)
			a, err = NewAuthorizerFromFileWithResource(armResource)
			require.NoError(t, err)
			callARM(t, fc, a)
		})
	}
	t.Run("certificate", func(t *testing.T) {
		fc := fakeEnvironment(t)
		sdkAuthFile(t, fc, map[string]any{"clientCertificate": writeCertificate(t)}, "utf-8")
		a, err := NewAuthorizerFromFile("")
		require.NoError(t, err, "the default base URI is the service management endpoint")
		w, ok := Credential(a)
		require.True(t, ok)
		assert.Equal(t, []string{"https://management.core.windows.net//.default"}, w.Scopes())
		callARM(t, fc, a)
		assert.Equal(t, "assertion", lastTokenRequest(t, fc).Proof)
	})
}

// An sdk-auth file whose credentials are present but wrong reports why,
// without echoing a secret, at the moment go-autorest fails: a certificate
// that does not parse at once (go-autorest said "auth file missing client and
// certificate credentials"), a tenant or authority azidentity refuses at the
// first request (where go-autorest reports Entra ID's answer, or sends the
// secret over plain HTTP).
func TestAuthFileRealErrors(t *testing.T) {
	const secret = "file-client-secret-value"
	badCert := filepath.Join(t.TempDir(), "bad.pfx")
	require.NoError(t, os.WriteFile(badCert, []byte("not a certificate"), 0o600))
	for _, tc := range []struct {
		name    string
		fields  map[string]any
		atFirst bool // fails at the first request, not at construction
		want    string
	}{
		// our own messages; the causes' wording is azidentity's
		{"bad tenant", map[string]any{"clientSecret": secret, "tenantId": "not a tenant!"}, true, "auth: client credentials: "},
		{"http authority", map[string]any{"clientSecret": secret, "activeDirectoryEndpointUrl": "http://login.example/"}, true, `the AAD endpoint "http://login.example/" is not an https URL`},
		{"malformed certificate", map[string]any{"clientCertificate": badCert, "clientCertificatePassword": secret}, false, "auth file client certificate: failed to get oauth token from certificate auth: failed to decode the certificate file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakeEnvironment(t)
			sdkAuthFile(t, fc, tc.fields, "utf-8")
			a, err := NewAuthorizerFromFile(armResource)
			if tc.atFirst {
				require.NoError(t, err)
				_, err = autorest.Prepare(&http.Request{}, a.WithAuthorization())
			}
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "missing client and certificate credentials")
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), secret)
			assert.Zero(t, fc.Entra.TokenRequests())
		})
	}
}

func TestAuthFileErrors(t *testing.T) {
	fc := fakeEnvironment(t)
	_, err := GetSettingsFromFile()
	assert.EqualError(t, err, "environment variable AZURE_AUTH_LOCATION is not set")
	sdkAuthFile(t, fc, nil, "utf-8")
	_, err = NewAuthorizerFromFile(armResource)
	assert.EqualError(t, err, "auth file missing client and certificate credentials")
	_, err = NewAuthorizerFromFileWithResource(armResource)
	assert.EqualError(t, err, "auth file missing client and certificate credentials")
	sdkAuthFile(t, fc, map[string]any{"clientSecret": 42}, "utf-8")
	_, err = GetSettingsFromFile()
	assert.EqualError(t, err, `auth file: "clientSecret" must be a string`, "the old package panicked here")
	s, err := parseAuthFile([]byte(`{"clientId": "x", "clientSecret": "s"}`))
	require.NoError(t, err)
	_, err = s.GetAuthorizer("https://unknown.example/")
	assert.EqualError(t, err, "auth file client secret: auth: base URI not found in endpoints", "the real cause, not \"missing\"")
	for _, bad := range [][]byte{[]byte("not json"), {0xFF, 0xFE, 0x41}, []byte(`[1,2]`)} {
		_, err = parseAuthFile(bad)
		assert.Error(t, err, "%q", bad)
	}
	t.Setenv("AZURE_AUTH_LOCATION", filepath.Join(t.TempDir(), "missing.json"))
	_, err = GetSettingsFromFile()
	assert.Error(t, err)
}

// The ServicePrincipalToken methods build go-autorest's adal tokens, whose
// tokens now come from azidentity (Entra ID's v2 endpoint), not from adal's
// own v1 requests.
func TestServicePrincipalTokenEscapeHatch(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(ClientSecret, fc.ClientSecret)
	s, err := GetSettingsFromEnvironment()
	require.NoError(t, err)
	c, err := s.GetClientCredentials()
	require.NoError(t, err)
	spt, err := c.ServicePrincipalToken()
	require.NoError(t, err)
	require.NoError(t, spt.Refresh())
	r := lastTokenRequest(t, fc)
	assert.Equal(t, []string{"v2", "secret"}, []string{r.Endpoint, r.Proof})
	assert.Equal(t, armResource+"/.default", r.Scope)
	assert.Equal(t, armResource, spt.Token().Resource)
	callARM(t, fc, autorest.NewBearerAuthorizer(spt))
	assert.Equal(t, 1, fc.Entra.TokenRequests())
}

// AZURE_ENVIRONMENT selects the authority and the default resource, as in
// go-autorest (no token is requested here).
func TestEnvironmentNames(t *testing.T) {
	for _, tc := range []struct {
		name, wantAAD, wantResource string
	}{
		{"", "https://login.microsoftonline.com/", "https://management.azure.com/"},
		{"AzurePublicCloud", "https://login.microsoftonline.com/", "https://management.azure.com/"},
		{"AzureChinaCloud", "https://login.chinacloudapi.cn/", "https://management.chinacloudapi.cn/"},
		{"AzureUSGovernmentCloud", "https://login.microsoftonline.us/", "https://management.usgovcloudapi.net/"},
	} {
		fakeEnvironment(t)
		t.Setenv(EnvironmentName, tc.name)
		t.Setenv(Resource, "")
		t.Setenv(ClientSecret, "secret")
		s, err := GetSettingsFromEnvironment()
		require.NoError(t, err, tc.name)
		c, err := s.GetClientCredentials()
		require.NoError(t, err)
		assert.Equal(t, tc.wantAAD, c.AADEndpoint, tc.name)
		assert.Equal(t, tc.wantResource, c.Resource, tc.name)
		assert.Equal(t, tc.wantAAD, s.GetDeviceFlow().AADEndpoint, tc.name)
		a, err := s.GetAuthorizer()
		require.NoError(t, err, tc.name)
		w, ok := Credential(a)
		require.True(t, ok)
		assert.Equal(t, []string{tc.wantResource + "/.default"}, w.Scopes(), tc.name)
	}
}

// The certificate escape hatches read the PKCS#12 file, as before, and get
// their tokens from azidentity, in each tenant.
func TestCertificateServicePrincipalTokens(t *testing.T) {
	fc := fakeEnvironment(t)
	t.Setenv(CertificatePath, filepath.Join("testdata", "certificate_encrypted_key.pfx"))
	t.Setenv(CertificatePassword, "password")
	t.Setenv(AuxiliaryTenantIDs, "aux-tenant")
	s, err := GetSettingsFromEnvironment()
	require.NoError(t, err)
	c, err := s.GetClientCertificate()
	require.NoError(t, err)
	assert.Empty(t, c.AuxTenants, "go-autorest reads auxiliary tenants for client secrets only")
	spt, err := c.ServicePrincipalToken()
	require.NoError(t, err)
	require.NoError(t, spt.Refresh())
	r := lastTokenRequest(t, fc)
	assert.Equal(t, []string{"v2", "assertion"}, []string{r.Endpoint, r.Proof})

	c.AuxTenants = []string{"aux-tenant"}
	mt, err := c.MultiTenantServicePrincipalToken()
	require.NoError(t, err)
	require.NoError(t, mt.RefreshWithContext(context.Background()))
	assert.Equal(t, "aux-tenant", lastTokenRequest(t, fc).TenantID)
	a, err := c.Authorizer()
	require.NoError(t, err)
	assert.IsType(t, &autorest.MultiTenantBearerAuthorizer{}, a)

	// a PEM certificate with an EC key: neither adal nor Entra ID's client
	// assertions take one
	c.CertificatePath, c.CertificatePassword = writeECCertificate(t), ""
	_, err = c.MultiTenantServicePrincipalToken()
	assert.ErrorContains(t, err, "failed to decode the certificate file")

	c.CertificatePath, c.CertificatePassword = filepath.Join("testdata", "certificate_encrypted_key.pfx"), "wrong"
	_, err = c.ServicePrincipalToken()
	assert.ErrorContains(t, err, "failed to decode the certificate file")
	c.CertificatePath = filepath.Join("testdata", "missing.pfx")
	_, err = c.MultiTenantServicePrincipalToken()
	assert.ErrorContains(t, err, "failed to read the certificate file")
}

// writeECCertificate writes a self-signed P-256 certificate and its key as PEM.
func writeECCertificate(t *testing.T) string {
	t.Helper()
	c, err := credwrappertest.NewCertificate()
	require.NoError(t, err)
	p := filepath.Join(t.TempDir(), "ec.pem")
	block, _ := pem.Decode(c.KeyPEM)
	key, err := x509.ParseECPrivateKey(block.Bytes)
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, append(append([]byte(nil), c.CertPEM...), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})...), 0o600))
	return p
}
