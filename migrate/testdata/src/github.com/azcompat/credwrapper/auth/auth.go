// Package auth is a stub of credwrapper/auth for the analyzer's tests.
package auth

import (
	"crypto/rsa"
	"crypto/x509"

	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

func NewAuthorizerFromEnvironment() (autorest.Authorizer, error) { return nil, nil }
func NewServicePrincipalToken(c adal.OAuthConfig, clientID, secret, resource string, callbacks ...adal.TokenRefreshCallback) (*adal.ServicePrincipalToken, error) {
	return nil, nil
}
func NewServicePrincipalTokenFromCertificate(c adal.OAuthConfig, clientID string, cert *x509.Certificate, key *rsa.PrivateKey, resource string, callbacks ...adal.TokenRefreshCallback) (*adal.ServicePrincipalToken, error) {
	return nil, nil
}
func NewServicePrincipalTokenFromManagedIdentity(resource string, o *adal.ManagedIdentityOptions, callbacks ...adal.TokenRefreshCallback) (*adal.ServicePrincipalToken, error) {
	return nil, nil
}
func NewMultiTenantServicePrincipalToken(c adal.MultiTenantOAuthConfig, clientID, secret, resource string) (*adal.MultiTenantServicePrincipalToken, error) {
	return nil, nil
}

type ClientCredentialsConfig struct{ Resource string }

func NewClientCredentialsConfig(clientID, secret, tenantID string) ClientCredentialsConfig {
	return ClientCredentialsConfig{}
}
func (ClientCredentialsConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	return nil, nil
}
