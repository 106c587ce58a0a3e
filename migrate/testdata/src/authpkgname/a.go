package authpkgname

import (
	"example.com/authv2"

	"github.com/Azure/go-autorest/autorest/adal"
)

func f(cfg adal.OAuthConfig) {
	auth.Login()
	_, _ = adal.NewServicePrincipalToken(cfg, "client", "secret", "resource") // want `adal.NewServicePrincipalToken builds`
}
