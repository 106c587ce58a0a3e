package adalsecret

import (
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

func authorizer(tenant, client, secret string, callback adal.TokenRefreshCallback) (autorest.Authorizer, error) {
	cfg, err := adal.NewOAuthConfig("https://login.microsoftonline.com/", tenant)
	if err != nil {
		return nil, err
	}
	spt, err := adal.NewServicePrincipalToken(*cfg, client, secret, "https://management.azure.com/", callback) // want `adal.NewServicePrincipalToken builds a token refreshed by adal's own requests`
	if err != nil {
		return nil, err
	}
	_ = spt.Token() // the token stays an *adal.ServicePrincipalToken
	return autorest.NewBearerAuthorizer(spt), nil
}

func multiTenant(tenant, client, secret string) error {
	mtc, err := adal.NewMultiTenantOAuthConfig("https://login.microsoftonline.com/", tenant, []string{"aux"}, adal.OAuthOptions{})
	if err != nil {
		return err
	}
	_, err = adal.NewMultiTenantServicePrincipalToken(mtc, client, secret, "https://management.azure.com/") // want `adal.NewMultiTenantServicePrincipalToken builds`
	return err
}
