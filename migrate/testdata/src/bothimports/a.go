package bothimports

import (
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/azure/auth" // want `drop-in twin`
)

func f(cfg adal.OAuthConfig) {
	_, _ = auth.NewAuthorizerFromEnvironment()
	_, _ = adal.NewServicePrincipalToken(cfg, "client", "secret", "resource") // want `adal.NewServicePrincipalToken builds`
}
