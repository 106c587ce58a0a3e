package credwrappertest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/internal/printcheck"
)

// No exported type of the package prints a secret of the fake cloud (its
// client secret, its signing key, its certificate's private key, a secret
// stored in its vault) or a token, by value, by pointer or held in a struct,
// under any verb; the types are enumerated from the package, so a new one
// without a case fails.
func TestNoSecretInAnyPrint(t *testing.T) {
	fc := NewTest(t, nil)
	token := getToken(t, fc, "https://management.azure.com/.default", false)
	resp, _ := do(t, fc, http.MethodGet, fc.ARM.URL+"/subscriptions?api-version=2022-12-01", token, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	fc.KeyVault.SetSecret("db-password", "vault-secret-value")
	kvToken := getToken(t, fc, KeyVaultResource+"/.default", false)
	resp, _ = do(t, fc, http.MethodPut, fc.KeyVault.URL+"/secrets/db-password?api-version=7.4", kvToken, `{"value":"vault-secret-value"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	recording := fc.Traffic.Recording()
	ns, err := fc.Namespace("printns", "queue")
	require.NoError(t, err)
	nsToken := getToken(t, fc, "https://servicebus.azure.net/.default", false)
	resp, _ = do(t, fc, http.MethodGet, "https://"+ns.Host+"/$Resources/Queues", nsToken, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	claims, err := fc.Entra.Verify(token)
	require.NoError(t, err)
	// A token request as a workload identity sends it: the federated token
	// as client assertion.
	federated, err := fc.Entra.IssueToken(TokenOptions{Scope: "api://AzureADTokenExchange/.default"})
	require.NoError(t, err)
	tokenRequest := fc.Entra.TokenRequestLog()[0]
	tokenRequest.Proof, tokenRequest.Assertion = "assertion", federated

	keyLines := strings.Split(strings.TrimSpace(string(fc.Certificate.KeyPEM)), "\n")
	secrets := []string{fc.ClientSecret, string(fc.Entra.key), keyLines[1], token, nsToken, kvToken, "vault-secret-value", federated}
	printcheck.Check(t, ".", secrets, map[string]printcheck.Case{
		"Cloud":          {Value: fc},
		"Certificate":    {Value: fc.Certificate},
		"Recorder":       {Value: &fc.ARM.Recorder},
		"Request":        {Value: fc.ARM.Requests()[0]},
		"Claims":         {Value: claims},
		"LoopbackDialer": {Value: fc.Dialer},
		"Options":        {Value: Options{TenantID: fc.TenantID, TokenLifetime: time.Hour}},
		"TokenOptions":   {Value: TokenOptions{Scope: "https://storage.azure.com/.default"}},
		"Reply":          {Value: Throttled(time.Second)},
		"Clock":          {Value: NewClock(time.Now())},

		"Entra":        {Value: fc.Entra},
		"ARM":          {Value: fc.ARM},
		"KeyVault":     {Value: fc.KeyVault},
		"Namespace":    {Value: ns},
		"TokenRequest": {Value: tokenRequest},

		"Resources":      {Value: fc.ARM.Resources},
		"Traffic":        {Value: fc.Traffic},
		"Recording":      {Value: recording},
		"Call":           {Value: recording[len(recording)-1]},
		"Comparison":     {Value: Compare(recording, nil)},
		"NamedRecording": {Value: NamedRecording{Test: t.Name(), Recording: recording}},
		"LRO":            {Value: Location},
	})
}
