package credwrappertest

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func getToken(t *testing.T, fc *Cloud, scope string, cae bool) string {
	t.Helper()
	cred, _, err := fc.Credential()
	require.NoError(t, err)
	tk, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{scope}, EnableCAE: cae})
	require.NoError(t, err)
	return tk.Token
}

func do(t *testing.T, fc *Cloud, method, url, token, body string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := fc.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestEntraIssuesJWTShapedTokens(t *testing.T) {
	fc := NewTest(t, nil)
	for _, cae := range []bool{false, true} {
		tok := getToken(t, fc, "https://management.core.windows.net//.default", cae)
		c, err := fc.Entra.Verify(tok)
		require.NoError(t, err)
		assert.Equal(t, "https://management.core.windows.net/", c.Audience)
		assert.Equal(t, "https://sts.windows.net/"+DefaultTenantID+"/", c.Issuer)
		assert.Equal(t, DefaultTenantID, c.TenantID)
		assert.Equal(t, DefaultClientID, c.AppID)
		assert.InDelta(t, time.Now().Add(time.Hour).Unix(), c.ExpiresAt, 5)
		assert.LessOrEqual(t, c.NotBefore, c.IssuedAt)
		assert.Equal(t, cae, c.CAE())
		assert.Len(t, strings.Split(tok, "."), 3)
	}
	assert.Equal(t, 2, fc.Entra.TokenRequests())
	assert.Equal(t, 1, fc.Entra.TokenRequestsFor("https://management.core.windows.net//.default", true))
	assert.Equal(t, 1, fc.Entra.TokenRequestsFor("https://management.core.windows.net//.default", false))
	log := fc.Entra.TokenRequestLog()
	assert.Equal(t, "client_credentials", log[0].GrantType)
	assert.NotContains(t, fmt.Sprintf("%+v", log), DefaultClientSecret, "the fake records no client secret")
	assert.Equal(t, DefaultClientID, log[0].ClientID)

	_, err := fc.Entra.Verify(strings.Replace(getToken(t, fc, "https://vault.azure.net/.default", false), ".", ".x", 1))
	assert.Error(t, err, "a tampered token fails verification")
}

func TestEntraLifetimeAndRefreshIn(t *testing.T) {
	fc := NewTest(t, &Options{TokenLifetime: 2 * time.Hour, RefreshIn: 10 * time.Minute})
	cred, _, err := fc.Credential()
	require.NoError(t, err)
	tk, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}})
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(2*time.Hour), tk.ExpiresOn, 5*time.Second)
	assert.WithinDuration(t, time.Now().Add(10*time.Minute), tk.RefreshOn, 5*time.Second, "azidentity sets RefreshOn from refresh_in")
}

func TestEntraScriptedFailures(t *testing.T) {
	fc := NewTest(t, nil)
	cred, _, err := fc.Credential()
	require.NoError(t, err)
	fc.Entra.Script(InvalidClient())
	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}})
	var authFailed *azidentity.AuthenticationFailedError
	require.ErrorAs(t, err, &authFailed)
	assert.Equal(t, http.StatusBadRequest, authFailed.RawResponse.StatusCode)
	assert.Contains(t, err.Error(), "invalid_client")

	for _, tc := range []struct {
		reply      Reply
		status     int
		retryAfter string
	}{
		{Throttled(7 * time.Second), http.StatusTooManyRequests, "7"},
		{ServerError(), http.StatusInternalServerError, ""},
		{InvalidClient(), http.StatusBadRequest, ""},
	} {
		fc.Entra.Script(tc.reply)
		resp, body := do(t, fc, http.MethodPost, fc.Entra.URL+"/"+DefaultTenantID+"/oauth2/v2.0/token", "", "")
		assert.Equal(t, tc.status, resp.StatusCode)
		assert.Equal(t, tc.retryAfter, resp.Header.Get("Retry-After"))
		assert.Contains(t, body, tc.reply.Error)
	}

	fc.Entra.SetDefault(&Reply{Status: http.StatusBadRequest, Error: "invalid_client"})
	for i := 0; i < 2; i++ {
		_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://storage.azure.com/.default"}})
		require.Error(t, err)
	}
	fc.Entra.SetDefault(nil)
	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://storage.azure.com/.default"}})
	require.NoError(t, err)
}

func TestEntraDropScript(t *testing.T) {
	fc := NewTest(t, nil)
	cred, _, err := fc.Credential()
	require.NoError(t, err)
	assert.Zero(t, fc.Entra.DropScript(), "nothing scripted")
	fc.Entra.Script(InvalidClient(), ServerError(), Slow(time.Minute))
	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}})
	require.ErrorContains(t, err, "invalid_client", "the first scripted answer")
	assert.Equal(t, 2, fc.Entra.DropScript(), "the two answers not consumed")
	assert.Zero(t, fc.Entra.DropScript())
	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://storage.azure.com/.default"}})
	require.NoError(t, err, "the default answer, not the dropped ones")
	assert.Equal(t, 2, fc.Entra.TokenRequests())
}

func TestEntraSlowReplyHonoursClientDeadline(t *testing.T) {
	fc := NewTest(t, nil)
	cred, _, err := fc.Credential()
	require.NoError(t, err)
	fc.Entra.Script(Slow(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "deadline"), err.Error())
	assert.Less(t, time.Since(start), 30*time.Second)
}

func TestARMChecksTokens(t *testing.T) {
	fc := NewTest(t, nil)
	url := fc.ARM.URL + "/subscriptions?api-version=2022-12-01"
	expired, err := fc.Entra.IssueToken(TokenOptions{Scope: "https://management.core.windows.net//.default", Lifetime: -time.Minute})
	require.NoError(t, err)
	vault, err := fc.Entra.IssueToken(TokenOptions{Scope: "https://vault.azure.net/.default"})
	require.NoError(t, err)
	good := getToken(t, fc, "https://management.core.windows.net//.default", false)

	for _, tc := range []struct {
		name, token string
		status      int
		code        string
	}{
		{"no token", "", http.StatusUnauthorized, "AuthenticationFailed"},
		{"garbage", "not-a-jwt", http.StatusUnauthorized, "InvalidAuthenticationToken"},
		{"expired", expired, http.StatusUnauthorized, "token expired"},
		{"wrong audience", vault, http.StatusUnauthorized, "wrong audience"},
		{"good", good, http.StatusOK, DefaultSubscriptionID},
	} {
		resp, body := do(t, fc, http.MethodGet, url, tc.token, "")
		assert.Equal(t, tc.status, resp.StatusCode, tc.name)
		assert.Contains(t, body, tc.code, tc.name)
		if tc.status == http.StatusUnauthorized {
			assert.True(t, strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer "), tc.name)
		}
	}
	assert.Equal(t, 1, fc.ARM.Unauthenticated())
	assert.Len(t, fc.ARM.Rejected(), 3)
	if exp := fc.ARM.ExpiredAtReceipt(); assert.Len(t, exp, 1) {
		assert.Equal(t, "token expired", exp[0].Rejection)
	}
	assert.Equal(t, 3, fc.ARM.DistinctTokens())
	assert.Equal(t, []string{"https://management.core.windows.net/", "https://vault.azure.net"}, fc.ARM.Audiences())
}

func TestARMResourceGroups(t *testing.T) {
	fc := NewTest(t, nil)
	tok := getToken(t, fc, "https://management.core.windows.net//.default", false)
	base := fc.ARM.URL + "/subscriptions/" + DefaultSubscriptionID + "/resourcegroups"
	resp, body := do(t, fc, http.MethodPut, base+"/rg1?api-version=2021-04-01", tok, `{"location":"westeurope","tags":{"a":"b"}}`)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, body)
	resp, _ = do(t, fc, http.MethodPut, base+"/rg1?api-version=2021-04-01", tok, `{"location":"westeurope"}`)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body = do(t, fc, http.MethodGet, base+"/RG1?api-version=2021-04-01", tok, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `"provisioningState":"Succeeded"`)
	resp, body = do(t, fc, http.MethodGet, base+"?api-version=2021-04-01", tok, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `"name":"rg1"`)
	assert.Equal(t, []string{"rg1"}, fc.ARM.ResourceGroups(DefaultSubscriptionID))
	resp, _ = do(t, fc, http.MethodDelete, base+"/rg1?api-version=2021-04-01", tok, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body = do(t, fc, http.MethodGet, base+"/rg1?api-version=2021-04-01", tok, "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, body, "ResourceGroupNotFound")
	resp, _ = do(t, fc, http.MethodGet, base+"/rg1", tok, "")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "api-version is required")
	resp, _ = do(t, fc, http.MethodGet, fc.ARM.URL+"/subscriptions/nope/resourcegroups?api-version=1", tok, "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestARMChallengeOnce(t *testing.T) {
	fc := NewTest(t, nil)
	old := getToken(t, fc, "https://management.core.windows.net//.default", true)
	url := fc.ARM.URL + "/subscriptions?api-version=2022-12-01"
	fc.ARM.ChallengeOnce()
	resp, _ := do(t, fc, http.MethodGet, url, old, "")
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	h := resp.Header.Get("WWW-Authenticate")
	assert.Contains(t, h, `error="insufficient_claims"`)
	b64 := h[strings.Index(h, `claims="`)+len(`claims="`) : len(h)-1]
	claims, err := base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err)
	assert.Equal(t, fc.ARM.ChallengeClaims(), string(claims))
	assert.Contains(t, string(claims), `"nbf"`)

	resp, _ = do(t, fc, http.MethodGet, url, old, "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the old token stays revoked")

	cred, _, err := fc.Credential()
	require.NoError(t, err)
	tk, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://management.core.windows.net//.default"}, EnableCAE: true, Claims: string(claims)})
	require.NoError(t, err)
	c, err := fc.Entra.Verify(tk.Token)
	require.NoError(t, err)
	assert.Contains(t, c.RequestedClaims, `"nbf"`, "Entra records the claims the token answers")
	assert.True(t, c.CAE())
	resp, _ = do(t, fc, http.MethodGet, url, tk.Token, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestKeyVaultChallengeAndSecrets(t *testing.T) {
	fc := NewTest(t, nil)
	url := fc.KeyVault.URL + "/secrets/db-password?api-version=7.4"
	assert.Equal(t, "https://credwrapper-fake.vault.azure.net", fc.KeyVault.URL)
	resp, _ := do(t, fc, http.MethodGet, url, "", "")
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, `Bearer authorization="`+fc.Entra.URL+"/"+DefaultTenantID+`", resource="https://vault.azure.net"`, resp.Header.Get("WWW-Authenticate"))

	armTok := getToken(t, fc, "https://management.core.windows.net//.default", false)
	resp, _ = do(t, fc, http.MethodGet, url, armTok, "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "an ARM token is refused")

	tok := getToken(t, fc, "https://vault.azure.net/.default", false)
	resp, body := do(t, fc, http.MethodPut, url, tok, `{"value":"s3cret"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, body = do(t, fc, http.MethodGet, fc.KeyVault.URL+"/secrets/db-password/?api-version=7.1", tok, "")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, `"value":"s3cret"`)
	fc.KeyVault.SetSecret("db-password", "v2")
	_, body = do(t, fc, http.MethodGet, url, tok, "")
	assert.Contains(t, body, `"value":"v2"`)
	resp, _ = do(t, fc, http.MethodGet, fc.KeyVault.URL+"/secrets/missing?api-version=7.4", tok, "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, 1, fc.KeyVault.Unauthenticated())
}

func TestClientRefusesNonLoopback(t *testing.T) {
	fc := NewTest(t, nil)
	for _, u := range []string{"https://management.azure.com/subscriptions", "https://login.microsoftonline.com/", "https://10.0.0.1/", "https://other.vault.azure.net.evil.example/"} {
		_, err := fc.Client().Get(u)
		require.Error(t, err, u)
		assert.Contains(t, err.Error(), "refusing to dial", u)
	}
	d := &LoopbackDialer{}
	assert.Error(t, d.Route("x.example", "10.0.0.1:443"))
	assert.Error(t, d.Route("x.example", "nope"))
}

func TestNewOptions(t *testing.T) {
	_, err := New(&Options{VaultName: "a.b"})
	assert.ErrorContains(t, err, "VaultName")
	fc := NewTest(t, &Options{TenantID: "contoso.onmicrosoft.com", SubscriptionID: "sub-1", VaultName: "MyVault", ARMAudience: "https://management.core.chinacloudapi.cn"})
	assert.Equal(t, "https://myvault.vault.azure.net", fc.KeyVault.URL)
	assert.Equal(t, "https://management.core.chinacloudapi.cn/", fc.Configuration().Services["resourceManager"].Audience)
	tok := getToken(t, fc, "https://management.core.chinacloudapi.cn/.default", false)
	resp, body := do(t, fc, http.MethodGet, fc.ARM.URL+"/subscriptions/sub-1/resourcegroups?api-version=1", tok, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)
	c, err := ParseUnverified(tok)
	require.NoError(t, err)
	assert.Equal(t, "contoso.onmicrosoft.com", c.TenantID)
}

// Options.Now is the cloud's clock: Entra ID dates its tokens by it, and the
// services check expiry and record receipt by it, so that advancing it
// expires a token at the services with no sleep.
func TestOptionsNow(t *testing.T) {
	start := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := NewClock(start)
	fc := NewTest(t, &Options{Now: clock.Now, TokenLifetime: time.Hour})
	url := fc.ARM.URL + "/subscriptions?api-version=2022-12-01"
	tok := getToken(t, fc, "https://management.core.windows.net//.default", false)
	c, err := fc.Entra.Verify(tok)
	require.NoError(t, err)
	assert.Equal(t, start.Unix(), c.IssuedAt, "iat by the cloud's clock")
	assert.Equal(t, start.Add(time.Hour).Unix(), c.ExpiresAt, "exp by the cloud's clock")

	for _, tc := range []struct {
		advance time.Duration
		status  int
	}{
		{0, http.StatusOK},
		{time.Hour - time.Second, http.StatusOK},
		{time.Hour + DefaultClockSkew, http.StatusUnauthorized}, // past exp and the skew the fakes allow
	} {
		clock.Set(start.Add(tc.advance))
		resp, _ := do(t, fc, http.MethodGet, url, tok, "")
		assert.Equal(t, tc.status, resp.StatusCode, "at %v", tc.advance)
	}
	if exp := fc.ARM.ExpiredAtReceipt(); assert.Len(t, exp, 1) {
		assert.Equal(t, start.Add(time.Hour+DefaultClockSkew), exp[0].Received, "received by the cloud's clock")
	}
}
