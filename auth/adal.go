package auth

import (
	"crypto/rsa"
	"crypto/x509"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest/adal"
)

// The constructors of adal's service principal tokens, with the same
// signatures and the same errors, whose tokens come from azidentity: the
// one-word change (adal. becomes auth.) that credwrapper-migrate makes to code
// building adal tokens by hand. The returned *adal.ServicePrincipalToken is
// adal's own, so code that calls its methods (Token, EnsureFresh,
// SetRefreshCallbacks...) keeps working; what differs is MIGRATION.md's table.

// NewServicePrincipalToken is adal.NewServicePrincipalToken with an
// azidentity.ClientSecretCredential behind it, for the tenant and authority of
// oauthConfig.
func NewServicePrincipalToken(oauthConfig adal.OAuthConfig, clientID string, secret string, resource string, callbacks ...adal.TokenRefreshCallback) (*adal.ServicePrincipalToken, error) {
	spt, err := adal.NewServicePrincipalToken(oauthConfig, clientID, secret, resource, callbacks...)
	if err != nil {
		return nil, err
	}
	aad, tenant := authority(oauthConfig)
	ccc := ClientCredentialsConfig{ClientID: clientID, ClientSecret: secret, TenantID: tenant, AADEndpoint: aad, Resource: resource}
	return ccc.source(nil).attach(spt, ""), nil
}

// NewServicePrincipalTokenFromCertificate is
// adal.NewServicePrincipalTokenFromCertificate with an
// azidentity.ClientCertificateCredential behind it.
func NewServicePrincipalTokenFromCertificate(oauthConfig adal.OAuthConfig, clientID string, cert *x509.Certificate, privateKey *rsa.PrivateKey, resource string, callbacks ...adal.TokenRefreshCallback) (*adal.ServicePrincipalToken, error) {
	spt, err := adal.NewServicePrincipalTokenFromCertificate(oauthConfig, clientID, cert, privateKey, resource, callbacks...)
	if err != nil {
		return nil, err
	}
	aad, tenant := authority(oauthConfig)
	ccc := ClientCertificateConfig{ClientID: clientID, TenantID: tenant, AADEndpoint: aad, Resource: resource}
	return ccc.source(certificate{certs: []*x509.Certificate{cert}, key: privateKey}, nil).attach(spt, ""), nil
}

// NewServicePrincipalTokenFromManagedIdentity is
// adal.NewServicePrincipalTokenFromManagedIdentity with an
// azidentity.ManagedIdentityCredential behind it (user-assigned by client ID
// or resource ID when options names one).
func NewServicePrincipalTokenFromManagedIdentity(resource string, options *adal.ManagedIdentityOptions, callbacks ...adal.TokenRefreshCallback) (*adal.ServicePrincipalToken, error) {
	spt, err := adal.NewServicePrincipalTokenFromManagedIdentity(resource, options, callbacks...)
	if err != nil {
		return nil, err
	}
	var o adal.ManagedIdentityOptions
	if options != nil {
		o = *options
	}
	s := newSource("managed identity", "", resource, nil, func(co commonOptions) (azcore.TokenCredential, error) {
		mo := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: co.ClientOptions}
		switch {
		case o.ClientID != "":
			mo.ID = azidentity.ClientID(o.ClientID)
		case o.IdentityResourceID != "":
			mo.ID = azidentity.ResourceID(o.IdentityResourceID)
		}
		return azidentity.NewManagedIdentityCredential(mo)
	})
	return s.attach(spt, ""), nil
}

// NewMultiTenantServicePrincipalToken is
// adal.NewMultiTenantServicePrincipalToken with an
// azidentity.ClientSecretCredential behind each of its tokens, in its tenant.
func NewMultiTenantServicePrincipalToken(multiTenantCfg adal.MultiTenantOAuthConfig, clientID string, secret string, resource string) (*adal.MultiTenantServicePrincipalToken, error) {
	mt, err := adal.NewMultiTenantServicePrincipalToken(multiTenantCfg, clientID, secret, resource)
	if err != nil {
		return nil, err
	}
	aad, tenant, aux := tenants(multiTenantCfg)
	ccc := ClientCredentialsConfig{ClientID: clientID, ClientSecret: secret, TenantID: tenant, AuxTenants: aux, AADEndpoint: aad, Resource: resource}
	return ccc.source(aux).attachMultiTenant(mt, aux), nil
}

// NewMultiTenantServicePrincipalTokenFromCertificate is
// adal.NewMultiTenantServicePrincipalTokenFromCertificate with an
// azidentity.ClientCertificateCredential behind each of its tokens.
func NewMultiTenantServicePrincipalTokenFromCertificate(multiTenantCfg adal.MultiTenantOAuthConfig, clientID string, cert *x509.Certificate, privateKey *rsa.PrivateKey, resource string) (*adal.MultiTenantServicePrincipalToken, error) {
	mt, err := adal.NewMultiTenantServicePrincipalTokenFromCertificate(multiTenantCfg, clientID, cert, privateKey, resource)
	if err != nil {
		return nil, err
	}
	aad, tenant, aux := tenants(multiTenantCfg)
	ccc := ClientCertificateConfig{ClientID: clientID, TenantID: tenant, AuxTenants: aux, AADEndpoint: aad, Resource: resource}
	return ccc.source(certificate{certs: []*x509.Certificate{cert}, key: privateKey}, aux).attachMultiTenant(mt, aux), nil
}

// authority splits the authority of an adal.OAuthConfig
// ("https://login.microsoftonline.com/<tenant>") into the AAD endpoint and
// the tenant, as adal.NewOAuthConfig joined them.
func authority(c adal.OAuthConfig) (aad, tenant string) {
	u := c.AuthorityEndpoint
	path := strings.TrimSuffix(u.Path, "/")
	i := strings.LastIndex(path, "/")
	tenant = path[i+1:]
	base := url.URL{Scheme: u.Scheme, Host: u.Host, Path: path[:i+1]}
	if base.Path == "" {
		base.Path = "/"
	}
	return base.String(), tenant
}

// tenants returns the AAD endpoint, the primary tenant and the auxiliary
// tenants of a multi-tenant configuration.
func tenants(c adal.MultiTenantOAuthConfig) (aad, tenant string, aux []string) {
	aad, tenant = authority(*c.PrimaryTenant())
	for _, a := range c.AuxiliaryTenants() {
		_, t := authority(*a)
		aux = append(aux, t)
	}
	return aad, tenant, aux
}
