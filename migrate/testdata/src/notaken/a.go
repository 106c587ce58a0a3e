package notaken

import "github.com/Azure/go-autorest/autorest/adal"

// Both names a fix could import credwrapper/auth under are taken here: no
// fix, only the diagnostic.
func f(cfg adal.OAuthConfig, auth, credwrapperauth string) {
	_, _ = adal.NewServicePrincipalToken(cfg, auth, credwrapperauth, "resource") // want `adal.NewServicePrincipalToken builds`
}
