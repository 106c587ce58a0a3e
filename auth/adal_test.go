package auth

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

func TestAuthority(t *testing.T) {
	for _, tc := range []struct{ aad, tenant string }{
		{"https://login.microsoftonline.com/", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
		{"https://login.microsoftonline.com", "contoso.onmicrosoft.com"},
		{"https://adfs.local.azurestack.external/", "adfs"},
		{"https://login.microsoftonline.com/", ""},
	} {
		c, err := adal.NewOAuthConfig(tc.aad, tc.tenant)
		require.NoError(t, err)
		aad, tenant := authority(*c)
		assert.Equal(t, "https://"+hostOf(tc.aad)+"/", aad, tc)
		assert.Equal(t, tc.tenant, tenant, tc)
	}
}

func hostOf(u string) string {
	c, _ := adal.NewOAuthConfig(u, "x")
	return c.AuthorityEndpoint.Host
}

// Each adal constructor's twin fails as adal's does and builds adal's token,
// whose tokens then come from azidentity, for the tenant and client given.
func TestAdalTwinConstructors(t *testing.T) {
	fc := fakeEnvironment(t)
	oauth, err := adal.NewOAuthConfig(fc.Entra.URL+"/", fc.TenantID)
	require.NoError(t, err)
	mtc, err := adal.NewMultiTenantOAuthConfig(fc.Entra.URL+"/", fc.TenantID, []string{"aux-tenant"}, adal.OAuthOptions{})
	require.NoError(t, err)
	pfx, err := os.ReadFile(filepath.Join("testdata", "certificate_encrypted_key.pfx"))
	require.NoError(t, err)
	cert, key, err := adal.DecodePfxCertificateData(pfx, "password")
	require.NoError(t, err)

	var refreshed []string
	callback := func(tk adal.Token) error { refreshed = append(refreshed, tk.Resource); return nil }
	spt, err := NewServicePrincipalToken(*oauth, fc.ClientID, fc.ClientSecret, armResource, callback)
	require.NoError(t, err)
	callARM(t, fc, autorest.NewBearerAuthorizer(spt))
	r := lastTokenRequest(t, fc)
	assert.Equal(t, []string{"v2", "secret", fc.TenantID, fc.ClientID}, []string{r.Endpoint, r.Proof, r.TenantID, r.ClientID})
	assert.Equal(t, []string{armResource}, refreshed, "adal's refresh callbacks still run")

	spt, err = NewServicePrincipalTokenFromCertificate(*oauth, fc.ClientID, cert, key, armResource)
	require.NoError(t, err)
	require.NoError(t, spt.Refresh())
	assert.Equal(t, "assertion", lastTokenRequest(t, fc).Proof)

	t.Setenv("IDENTITY_ENDPOINT", fc.ManagedIdentityEndpoint())
	t.Setenv("IDENTITY_HEADER", credwrappertest.IdentityHeader)
	// azidentity caches managed identity tokens for the process: a client
	// ID of its own makes this run ask Entra ID whatever ran before
	clientID := fmt.Sprintf("user-assigned-twin-%d", time.Now().UnixNano())
	spt, err = NewServicePrincipalTokenFromManagedIdentity(armResource, &adal.ManagedIdentityOptions{ClientID: clientID})
	require.NoError(t, err)
	require.NoError(t, spt.Refresh())
	r = lastTokenRequest(t, fc)
	assert.Equal(t, []string{"msi", clientID}, []string{r.Endpoint, r.ClientID})

	mt, err := NewMultiTenantServicePrincipalToken(mtc, fc.ClientID, fc.ClientSecret, armResource)
	require.NoError(t, err)
	require.NoError(t, mt.RefreshWithContext(context.Background()))
	assert.Equal(t, "aux-tenant", lastTokenRequest(t, fc).TenantID)
	mt, err = NewMultiTenantServicePrincipalTokenFromCertificate(mtc, fc.ClientID, cert, key, armResource)
	require.NoError(t, err)
	callARM(t, fc, autorest.NewMultiTenantServicePrincipalTokenAuthorizer(mt))

	// adal's errors, at adal's moments
	for name, f := range map[string]func() error{
		"secret": func() error { _, err := NewServicePrincipalToken(*oauth, "", "s", armResource); return err },
		"certificate": func() error {
			_, err := NewServicePrincipalTokenFromCertificate(*oauth, fc.ClientID, nil, key, armResource)
			return err
		},
		"managed identity": func() error { _, err := NewServicePrincipalTokenFromManagedIdentity("", nil); return err },
		"multi-tenant": func() error {
			_, err := NewMultiTenantServicePrincipalToken(mtc, fc.ClientID, "", armResource)
			return err
		},
	} {
		assert.Error(t, f(), name)
	}
}
