package amqpv4

import "github.com/Azure/azure-amqp-common-go/v4/aad"

func provider() (*aad.TokenProvider, error) {
	return aad.NewJWTProvider(aad.JWTProviderWithEnvironmentVars()) // want `^aad.NewJWTProvider \(amqp-common v4\) gets its tokens through adal: use legacyeventhubs.NewTokenProvider\(w, opts\) from github.com/azcompat/credwrapper/legacyeventhubs, amqp-common v4's auth.TokenProvider with Event Hubs tokens from a credwrapper.CredentialWrapper$`
}
