// Package auth is a stub of go-autorest's azure/auth for the analyzer's tests.
package auth

import (
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

func NewAuthorizerFromEnvironment() (autorest.Authorizer, error) { return nil, nil }

type ClientCredentialsConfig struct{ Resource string }

func NewClientCredentialsConfig(clientID, secret, tenantID string) ClientCredentialsConfig {
	return ClientCredentialsConfig{}
}
func (ClientCredentialsConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	return nil, nil
}
