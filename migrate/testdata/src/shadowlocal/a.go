package shadowlocal

import "github.com/Azure/go-autorest/autorest/adal"

type settings struct{ secret string }

// A local named auth: the new import takes another name.
func f(cfg adal.OAuthConfig) error {
	auth := settings{secret: "secret"}
	spt, err := adal.NewServicePrincipalToken(cfg, "client", auth.secret, "resource") // want `adal.NewServicePrincipalToken builds`
	if err != nil {
		return err
	}
	return spt.Refresh()
}
