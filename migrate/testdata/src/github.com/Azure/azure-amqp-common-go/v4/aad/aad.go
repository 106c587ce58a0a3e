// Package aad is a stub of amqp-common v4's aad for the analyzer's tests.
package aad

type TokenProvider struct{}
type TokenProviderConfiguration struct{ ResourceURI string }
type JWTProviderOption func(*TokenProviderConfiguration) error

func JWTProviderWithEnvironmentVars() JWTProviderOption                { return nil }
func JWTProviderWithResourceURI(resourceURI string) JWTProviderOption  { return nil }
func NewJWTProvider(opts ...JWTProviderOption) (*TokenProvider, error) { return nil, nil }
