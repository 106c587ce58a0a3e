package interop

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"
	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/to"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

// With the wrapper's sender attached, a real v68 client can use CAE tokens: a
// CreateOrUpdate (a PUT with a body) that meets a claims challenge is
// answered and resent. Before the challenge the legacy and new clients share
// one token.
func TestLegacyClientAnswersClaimsChallenge(t *testing.T) {
	s := newSetup(t, nil, credwrapper.Options{EnableCAE: true})
	s.w.Attach(&s.legacy.Client) // Authorizer = w, Sender = w.Sender(fake cloud client)
	ctx := context.Background()

	_, err := s.legacy.CreateOrUpdate(ctx, "rg-before", resources.Group{Location: to.StringPtr("westeurope")})
	require.NoError(t, err)
	require.NoError(t, s.newList(ctx))
	assert.Equal(t, 1, s.fc.ARM.DistinctTokens(), "one CAE token shared by both clients")

	s.fc.ARM.ChallengeOnce()
	g, err := s.legacy.CreateOrUpdate(ctx, "rg-after", resources.Group{Location: to.StringPtr("northeurope"), Tags: map[string]*string{"k": to.StringPtr("v")}})
	require.NoError(t, err, "the claims challenge was answered")
	assert.Equal(t, "northeurope", *g.Location)
	reqs := s.fc.ARM.Requests()
	challenged, resent := reqs[len(reqs)-2], reqs[len(reqs)-1]
	assert.Equal(t, []any{http.MethodPut, http.StatusUnauthorized}, []any{challenged.Method, challenged.Status})
	assert.Equal(t, []any{http.MethodPut, http.StatusCreated}, []any{resent.Method, resent.Status})
	assert.NotEmpty(t, resent.Token.RequestedClaims)

	// The new client meets the revocation too and answers it itself.
	require.NoError(t, s.newList(ctx))
	require.NoError(t, s.legacyList(ctx))
	assert.Equal(t, []string{"rg-after", "rg-before"}, s.fc.ARM.ResourceGroups(s.fc.SubscriptionID))
}

// Without the sender, the same legacy call fails on the challenge: this is why
// EnableCAE is off by default on the legacy path.
func TestLegacyClientWithoutSenderFailsOnClaimsChallenge(t *testing.T) {
	s := newSetup(t, nil, credwrapper.Options{EnableCAE: true})
	ctx := context.Background()
	require.NoError(t, s.legacyList(ctx))
	s.fc.ARM.ChallengeOnce()
	_, err := s.legacy.CreateOrUpdate(ctx, "rg", resources.Group{Location: to.StringPtr("westeurope")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "StatusCode=401")
}

// The v68 Key Vault client with the wrapper's ChallengeAuthorizer probes the
// vault once; with go-autorest's BearerAuthorizerCallback it probes before
// every request.
func TestKeyVaultProbes(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	fc.KeyVault.SetSecret("db-password", "s3cret")
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)
	ctx := context.Background()
	const calls = 20

	for _, tc := range []struct {
		name       string
		authorizer autorest.Authorizer
		wantProbes int
	}{
		{"ChallengeAuthorizer", w.ChallengeAuthorizer(fc.Client()), 1},
		{"BearerAuthorizerCallback", autorest.NewBearerAuthorizerCallback(fc.Client(), func(tenantID, resource string) (*autorest.BearerAuthorizer, error) {
			kv, err := w.WithScopes(credwrapper.ScopeFromResource(resource))
			if err != nil {
				return nil, err
			}
			return autorest.NewBearerAuthorizer(kv), nil
		}), calls},
	} {
		fc.KeyVault.Reset()
		client := keyvault.New()
		client.Authorizer, client.Sender = tc.authorizer, fc.Client()
		for i := 0; i < calls; i++ {
			b, err := client.GetSecret(ctx, fc.KeyVault.URL, "db-password", "")
			require.NoError(t, err, tc.name)
			require.Equal(t, "s3cret", *b.Value)
		}
		assert.Equal(t, tc.wantProbes, fc.KeyVault.Unauthenticated(), tc.name)
		t.Logf("%s: %d GetSecret calls sent %d requests to the vault (%d unauthenticated probes)",
			tc.name, calls, len(fc.KeyVault.Requests()), fc.KeyVault.Unauthenticated())
	}
	assert.Equal(t, 1, fc.Entra.TokenRequests(), "both share the wrapper's cache")
}

// The other direction: a legacy adal ServicePrincipalToken serves a new
// armresources client through FromTokenProvider.
func TestFromTokenProviderWithArmResources(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	oauth, err := adal.NewOAuthConfig(fc.Entra.URL+"/", fc.TenantID)
	require.NoError(t, err)
	spt, err := adal.NewServicePrincipalToken(*oauth, fc.ClientID, fc.ClientSecret, "https://management.azure.com/")
	require.NoError(t, err)
	spt.SetSender(fc.Client())
	cred, err := credwrapper.FromTokenProvider(spt, nil)
	require.NoError(t, err)
	client, err := armresources.NewResourceGroupsClient(fc.SubscriptionID, cred, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	require.NoError(t, err)
	ctx := context.Background()
	_, err = client.CreateOrUpdate(ctx, "from-adal", armresources.ResourceGroup{Location: to.StringPtr("westeurope")}, nil)
	require.NoError(t, err)
	page, err := client.NewListPager(nil).NextPage(ctx)
	require.NoError(t, err)
	require.Len(t, page.Value, 1)
	assert.Equal(t, "from-adal", *page.Value[0].Name)
	assert.Equal(t, 1, fc.Entra.TokenRequests())
	assert.Equal(t, "v1", fc.Entra.TokenRequestLog()[0].Endpoint, "the token came from adal")
}

// Key Vault revokes a CAE token with a claims challenge. With EnableCAE, the
// ChallengeAuthorizer's Sender answers it as the wrapper's Sender does for
// ARM: a v68 SetSecret (a PUT with a body) meets the challenge, gets a token
// satisfying the claims, and is resent once with its body whole. Before, the
// client failed with 401 until the revoked token expired (up to 24 hours).
func TestKeyVaultAnswersClaimsChallenge(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, EnableCAE: true})
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(fc.Client())
	client := keyvault.New()
	client.Authorizer, client.Sender = a, a.Sender(fc.Client())
	ctx := context.Background()

	_, err = client.SetSecret(ctx, fc.KeyVault.URL, "before", keyvault.SecretSetParameters{Value: to.StringPtr("v1")})
	require.NoError(t, err)
	fc.KeyVault.ChallengeOnce()
	b, err := client.SetSecret(ctx, fc.KeyVault.URL, "after", keyvault.SecretSetParameters{Value: to.StringPtr("v2"), ContentType: to.StringPtr("text/plain")})
	require.NoError(t, err, "the claims challenge was answered")
	assert.Equal(t, "v2", *b.Value, "the body was resent whole")
	assert.Equal(t, "text/plain", *b.ContentType)

	reqs := fc.KeyVault.Requests()
	challenged, resent := reqs[len(reqs)-2], reqs[len(reqs)-1]
	assert.Equal(t, []any{http.MethodPut, http.StatusUnauthorized}, []any{challenged.Method, challenged.Status})
	assert.Equal(t, []any{http.MethodPut, http.StatusOK}, []any{resent.Method, resent.Status})
	require.NotNil(t, resent.Token)
	assert.Equal(t, fc.KeyVault.ChallengeClaims(), resent.Token.RequestedClaims, "the new token answers the challenge's claims")

	got, err := client.GetSecret(ctx, fc.KeyVault.URL, "after", "")
	require.NoError(t, err, "and the new token keeps working")
	assert.Equal(t, "v2", *got.Value)
	assert.Equal(t, 1, fc.KeyVault.Unauthenticated(), "the claims challenge is not a reason to probe again")
}

// The attack of the review, end to end: an application takes its vault URL
// from configuration, and the configured host is an attacker's look-alike.
// The host answers the v68 Key Vault client's probe with a challenge naming
// another audience. The wrapper's ChallengeAuthorizer, with a real azidentity
// credential, requests no token, and the host never sees one.
func TestKeyVaultLookAlikeGetsNoToken(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	authority := fc.Entra.URL + "/" + fc.TenantID
	for _, tc := range []struct{ host, challenge string }{
		// Key Vault's own challenge, replayed by a host outside its domain
		{"credwrapper-fake.vault.azure.net.evil.example", `Bearer authorization="` + authority + `", resource="https://vault.azure.net"`},
		// its own resource, but the token asked for by scope is ARM's
		{"kv.evil.example", `Bearer authorization="` + authority + `", resource="https://evil.example", scope="https://management.azure.com/.default"`},
		{"kv2.evil.example", `Bearer authorization="` + authority + `", scope="https://management.core.windows.net//.default"`},
		// a claims challenge to the unauthenticated probe
		{"kv3.evil.example", `Bearer authorization="` + authority + `", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="`},
	} {
		var sawToken atomic.Bool
		vaultURL, err := fc.Serve(tc.host, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "" {
				sawToken.Store(true)
			}
			w.Header().Set("WWW-Authenticate", tc.challenge)
			w.WriteHeader(http.StatusUnauthorized)
		}))
		require.NoError(t, err)
		cred, cfg, err := fc.Credential()
		require.NoError(t, err)
		w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, EnableCAE: true})
		require.NoError(t, err)
		client := keyvault.New()
		client.Authorizer = w.ChallengeAuthorizer(fc.Client())
		client.Sender = w.Sender(fc.Client()) // the claims-answering sender, too

		_, err = client.GetSecret(context.Background(), vaultURL, "db-password", "")
		require.Error(t, err, tc.host)
		var ce *credwrapper.ChallengeError
		assert.ErrorAs(t, err, &ce, tc.host)
		assert.False(t, sawToken.Load(), "%s saw a token", tc.host)
	}
	assert.Zero(t, fc.Entra.TokenRequests(), "no token was requested for any of them")
}
