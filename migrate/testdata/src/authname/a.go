package authname

import "github.com/Azure/go-autorest/autorest/adal"

var auth = "the package already names something auth"

func f(cfg adal.OAuthConfig) {
	_, _ = adal.NewServicePrincipalToken(cfg, "client", "secret", "resource") // want `adal.NewServicePrincipalToken builds`
}
