// Package adal is a stub of go-autorest's adal for the analyzer's tests.
package adal

import (
	"crypto/rsa"
	"crypto/x509"
	"net/http"
	"net/url"
)

type OAuthConfig struct{ AuthorityEndpoint url.URL }
type OAuthOptions struct{}
type MultiTenantOAuthConfig interface{ PrimaryTenant() *OAuthConfig }
type Token struct{ AccessToken string }
type TokenRefreshCallback func(Token) error
type ServicePrincipalToken struct{}
type MultiTenantServicePrincipalToken struct{}
type ManagedIdentityOptions struct{ ClientID, IdentityResourceID string }

func (*ServicePrincipalToken) Token() Token       { return Token{} }
func (*ServicePrincipalToken) EnsureFresh() error { return nil }
func (*ServicePrincipalToken) OAuthToken() string { return "" }
func (*ServicePrincipalToken) Refresh() error     { return nil }
func (*ServicePrincipalToken) SetSender(s Sender) {}

type Sender interface {
	Do(*http.Request) (*http.Response, error)
}

func NewOAuthConfig(activeDirectoryEndpoint, tenantID string) (*OAuthConfig, error) { return nil, nil }
func NewMultiTenantOAuthConfig(a, t string, aux []string, o OAuthOptions) (MultiTenantOAuthConfig, error) {
	return nil, nil
}
func NewServicePrincipalToken(c OAuthConfig, clientID, secret, resource string, callbacks ...TokenRefreshCallback) (*ServicePrincipalToken, error) {
	return nil, nil
}
func NewServicePrincipalTokenFromCertificate(c OAuthConfig, clientID string, cert *x509.Certificate, key *rsa.PrivateKey, resource string, callbacks ...TokenRefreshCallback) (*ServicePrincipalToken, error) {
	return nil, nil
}
func NewServicePrincipalTokenFromManagedIdentity(resource string, o *ManagedIdentityOptions, callbacks ...TokenRefreshCallback) (*ServicePrincipalToken, error) {
	return nil, nil
}
func NewMultiTenantServicePrincipalToken(c MultiTenantOAuthConfig, clientID, secret, resource string) (*MultiTenantServicePrincipalToken, error) {
	return nil, nil
}
func NewServicePrincipalTokenFromMSI(msiEndpoint, resource string, callbacks ...TokenRefreshCallback) (*ServicePrincipalToken, error) {
	return nil, nil
}
func NewServicePrincipalTokenFromManualToken(c OAuthConfig, clientID, resource string, token Token, callbacks ...TokenRefreshCallback) (*ServicePrincipalToken, error) {
	return nil, nil
}
func NewServicePrincipalTokenFromMSIWithUserAssignedID(msiEndpoint, resource, userAssignedID string, callbacks ...TokenRefreshCallback) (*ServicePrincipalToken, error) {
	return nil, nil
}
func GetMSIVMEndpoint() (string, error) { return "", nil }
