package credwrapper_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/printcheck"
)

// No exported type of the package prints a token or a secret, by value, by
// pointer or held in a struct, under any verb; the types are enumerated from
// the package, so a new one without a case fails.
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

	tpc, err := credwrapper.FromTokenProvider(&adal.Token{
		AccessToken: "adal-access-token-secret", RefreshToken: "adal-refresh-token-secret",
		ExpiresOn: "4102444800", ExpiresIn: "3600", Resource: "https://management.azure.com/", Type: "Bearer",
	}, nil)
	require.NoError(t, err)

	// A real HTTPError, for a URL whose query holds a signature.
	_, err = autorest.Prepare(mustRequest(t, "http://storage.example/c?sig=query-signature-secret"), w.WithAuthorization())
	var httpErr *credwrapper.HTTPError
	require.ErrorAs(t, err, &httpErr)

	secrets := []string{wrapperToken, fc.ClientSecret, "adal-access-token-secret", "adal-refresh-token-secret", "query-signature-secret"}
	cases := map[string]printcheck.Case{
		"CredentialWrapper":       {Value: w},
		"ChallengeAuthorizer":     {Value: w.ChallengeAuthorizer(fc.Client())},
		"TokenProviderCredential": {Value: tpc},
		"HTTPError":               {Value: httpErr},
		"TokenError": {Value: &credwrapper.TokenError{Scopes: w.Scopes(), TenantID: fc.TenantID,
			Err: errors.New("AADSTS7000215: Invalid client secret provided")}},
		"ChallengeError": {Value: &credwrapper.ChallengeError{Host: "vault.example", Err: errors.New("no challenge")}},
		"Options": {Value: credwrapper.Options{Scopes: w.Scopes(), Cloud: cfg, TenantID: fc.TenantID,
			AuxiliaryTenants: []string{"aux"}, EnableCAE: true}},
		"DefaultOptions": {Value: credwrapper.DefaultOptions{Options: credwrapper.Options{Scopes: w.Scopes()},
			Credential: &azidentity.DefaultAzureCredentialOptions{TenantID: fc.TenantID}}},
		"TokenProviderOptions": {Value: credwrapper.TokenProviderOptions{Resource: "https://management.azure.com/"}},
	}
	printcheck.Check(t, ".", secrets, cases)

	// The types that hold a token print their own description under every
	// verb, so that no field can appear.
	for _, name := range []string{"CredentialWrapper", "ChallengeAuthorizer", "TokenProviderCredential"} {
		v := cases[name].Value
		for _, verb := range printcheck.Verbs {
			assert.Equal(t, v.(fmt.Stringer).String(), fmt.Sprintf(verb, v), "%s under %s", name, verb)
		}
	}
	var nilCredential *credwrapper.TokenProviderCredential
	assert.Equal(t, "<nil>", fmt.Sprint(nilCredential))
}

func mustRequest(t *testing.T, url string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	return r
}
