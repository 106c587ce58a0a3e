package amqpv3

import "github.com/Azure/azure-amqp-common-go/v3/aad"

func provider() (*aad.TokenProvider, error) {
	return aad.NewJWTProvider(aad.JWTProviderWithEnvironmentVars(), aad.JWTProviderWithResourceURI("https://servicebus.azure.net/")) // want `^aad.NewJWTProvider \(amqp-common v3\) gets its tokens through adal: use legacyservicebus.NewTokenProvider\(w, opts\) from github.com/azcompat/credwrapper/legacyservicebus, amqp-common v3's auth.TokenProvider with Service Bus tokens from a credwrapper.CredentialWrapper; keep the resource it sets with Options\{Scope: credwrapper.ScopeFromResource\("https://servicebus.azure.net/"\)\}; aad's default resource`
}
