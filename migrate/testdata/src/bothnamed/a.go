package bothnamed

import (
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/azure/auth" // want `drop-in twin`
	cwauth "github.com/azcompat/credwrapper/auth"
)

var _, _ = auth.NewAuthorizerFromEnvironment()
var _, _ = cwauth.NewAuthorizerFromEnvironment()

// Both packages imported: the twin's name, never go-autorest's.
func f(cfg adal.OAuthConfig) {
	_, _ = adal.NewServicePrincipalToken(cfg, "client", "secret", "resource") // want `adal.NewServicePrincipalToken builds`
}
