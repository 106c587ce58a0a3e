package shadowparam

import (
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/azcompat/credwrapper/auth"
)

var _, _ = auth.NewAuthorizerFromEnvironment()

// The parameter auth shadows the import here: the fix imports the package
// again under a name free at the call.
func f(cfg adal.OAuthConfig, auth string) {
	_, _ = adal.NewServicePrincipalToken(cfg, "client", auth, "resource") // want `adal.NewServicePrincipalToken builds`
}

// Not shadowed here: the import's own name.
func g(cfg adal.OAuthConfig) {
	_, _ = adal.NewServicePrincipalTokenFromManagedIdentity("resource", nil) // want `adal.NewServicePrincipalTokenFromManagedIdentity builds`
}
