package credwrapper_test

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/auth"
	"github.com/azcompat/credwrapper/credwrappertest"
)

// No exported type of any package of the module that holds, or points to, a
// secret prints it: every such type, alone and nested in structs, pointers,
// slices, maps and interfaces, under every verb.
func TestNoSecretInAnyPrint(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, AuxiliaryTenants: []string{fc.TenantID}})
	require.NoError(t, err)
	r, err := autorest.Prepare(mustRequest(t, fc.ARM.URL+"/subscriptions"), w.WithAuthorization())
	require.NoError(t, err)
	wrapperToken := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	require.NotEmpty(t, wrapperToken)

	oauth, err := adal.NewOAuthConfig("https://login.microsoftonline.com/", "tenant")
	require.NoError(t, err)
	spt, err := adal.NewServicePrincipalTokenFromManualToken(*oauth, "client", "https://management.azure.com/", adal.Token{
		AccessToken: "spt-access-token-secret", RefreshToken: "spt-refresh-token-secret",
		ExpiresOn: "4102444800", ExpiresIn: "3600", Resource: "https://management.azure.com/", Type: "Bearer",
	})
	require.NoError(t, err)
	tpc, err := credwrapper.FromTokenProvider(spt, nil)
	require.NoError(t, err)

	keyLines := strings.Split(strings.TrimSpace(string(fc.Certificate.KeyPEM)), "\n")
	secrets := []string{wrapperToken, keyLines[1], "spt-access-token-secret", "spt-refresh-token-secret", "client-secret-value",
		"certificate-password-value", "user-password-value", fc.ClientSecret}
	values := map[string]string{
		auth.ClientID: "id", auth.ClientSecret: "client-secret-value", auth.CertificatePassword: "certificate-password-value",
		auth.Password: "user-password-value", auth.TenantID: "tenant",
	}
	subjects := map[string]any{
		"CredentialWrapper":           w,
		"TokenProviderCredential":     tpc,
		"ClientCredentialsConfig":     auth.NewClientCredentialsConfig("id", "client-secret-value", "tenant"),
		"ClientCertificateConfig":     auth.NewClientCertificateConfig("/cert.pfx", "certificate-password-value", "id", "tenant"),
		"UsernamePasswordConfig":      auth.NewUsernamePasswordConfig("user", "user-password-value", "id", "tenant"),
		"EnvironmentSettings":         auth.EnvironmentSettings{Values: values},
		"FileSettings":                auth.FileSettings{Values: values},
		"credwrappertest.Cloud":       fc,
		"credwrappertest.Cloud value": *fc,
		"credwrappertest.Entra":       fc.Entra,
		"credwrappertest.Certificate": fc.Certificate,
		"ChallengeAuthorizer":         w.ChallengeAuthorizer(fc.Client()),
	}
	type holder struct {
		Name  string
		Value any
	}
	for name, v := range subjects {
		// Every verb prints the type's own description, so no field (an
		// unexported signing key, say) can appear.
		str, ok := v.(fmt.Stringer)
		require.True(t, ok, "%s has no String method", name)
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			assert.Equal(t, str.String(), fmt.Sprintf(verb, v), "%s under %s", name, verb)
		}
		nested := map[string]any{
			"alone":         v,
			"pointer":       &v,
			"struct":        holder{"x", v},
			"*struct":       &holder{"x", v},
			"slice":         []any{v, v},
			"map":           map[string]any{"k": v},
			"map of slices": map[string][]any{"k": {v}},
		}
		for shape, x := range nested {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v"} {
				out := fmt.Sprintf(verb, x)
				for _, s := range secrets {
					for _, form := range []string{s, hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s)))} {
						if strings.Contains(out, form) {
							t.Errorf("%s, %s, %s: printed a secret: %.200s", name, shape, verb, out)
						}
					}
				}
			}
		}
	}
	assert.Contains(t, fmt.Sprint(subjects["ClientCredentialsConfig"]), "REDACTED", "the secret's place is marked")
	assert.Contains(t, fmt.Sprint(subjects["EnvironmentSettings"]), "AZURE_CLIENT_SECRET:REDACTED")
}

func mustRequest(t *testing.T, url string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	return r
}
