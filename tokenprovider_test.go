package credwrapper

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

// Round trip: a legacy adal ServicePrincipalToken becomes an
// azcore.TokenCredential that a new ARM client uses against the fake ARM.
func TestFromTokenProviderRoundTrip(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	oauth, err := adal.NewOAuthConfig(fc.Entra.URL+"/", fc.TenantID)
	require.NoError(t, err)
	spt, err := adal.NewServicePrincipalToken(*oauth, fc.ClientID, fc.ClientSecret, "https://management.azure.com/")
	require.NoError(t, err)
	spt.SetSender(fc.Client())

	cred, err := FromTokenProvider(spt, nil)
	require.NoError(t, err)
	client, err := arm.NewClient("credwrapper.test", "v0.0.1", cred, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		req, err := runtime.NewRequest(context.Background(), http.MethodGet, client.Endpoint()+"/subscriptions?api-version=2022-12-01")
		require.NoError(t, err)
		resp, err := client.Pipeline().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	require.Equal(t, 1, fc.Entra.TokenRequests(), "adal refreshed once; its token is reused")
	r := fc.Entra.TokenRequestLog()[0]
	assert.Equal(t, "v1", r.Endpoint, "adal's own v1 token request")
	assert.Equal(t, []string{"https://management.azure.com/"}, fc.ARM.Audiences())

	tk, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://management.core.windows.net//.default"}})
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), tk.ExpiresOn, 10*time.Second, "the adal token's real expiry")
	assert.Equal(t, spt.Token().AccessToken, tk.Token)

	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}})
	require.ErrorContains(t, err, `cannot serve scope "https://vault.azure.net/.default"`)

	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://management.azure.com//.default"}, Claims: "{}"})
	require.NoError(t, err)
	assert.Equal(t, 2, fc.Entra.TokenRequests(), "claims force a refresh")
}

// staticProvider is a plain adal.OAuthTokenProvider without refresh.
type staticProvider string

func (p staticProvider) OAuthToken() string { return string(p) }

func TestFromTokenProviderExpiry(t *testing.T) {
	exp := time.Now().Add(42 * time.Minute).Truncate(time.Second)
	payload := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"aud":"https://vault.azure.net","exp":%d}`, exp.Unix())))
	cred, err := FromTokenProvider(staticProvider("eyJhbGciOiJub25lIn0."+payload+".sig"), &TokenProviderOptions{Resource: "https://vault.azure.net"})
	require.NoError(t, err)
	tk, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}})
	require.NoError(t, err)
	assert.Equal(t, exp, tk.ExpiresOn.Local(), "expiry read from the JWT's exp claim")

	cred, err = FromTokenProvider(staticProvider("opaque"), nil)
	require.NoError(t, err)
	tk, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://anything.example/.default"}})
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(2*time.Minute), tk.ExpiresOn, 5*time.Second, "unknown expiry: ask again soon")

	cred, err = FromTokenProvider(staticProvider(""), nil)
	require.NoError(t, err)
	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{})
	require.ErrorContains(t, err, "empty token")

	_, err = FromTokenProvider(nil, nil)
	require.ErrorContains(t, err, "nil")
	// a typed nil passes an interface's nil check; it used to panic in GetToken
	var spt *adal.ServicePrincipalToken
	_, err = FromTokenProvider(spt, nil)
	require.ErrorContains(t, err, "nil (*adal.ServicePrincipalToken)")
}
