package adaldotused

import (
	. "github.com/Azure/go-autorest/autorest/adal"

	"github.com/Azure/go-autorest/autorest"
)

// The dot import still names OAuthConfig and NewOAuthConfig: it stays.
func authorizer(tenant, client, secret string) (autorest.Authorizer, error) {
	var cfg *OAuthConfig
	cfg, err := NewOAuthConfig("https://login.microsoftonline.com/", tenant)
	if err != nil {
		return nil, err
	}
	spt, err := NewServicePrincipalToken(*cfg, client, secret, "https://management.azure.com/") // want `adal.NewServicePrincipalToken builds`
	if err != nil {
		return nil, err
	}
	return autorest.NewBearerAuthorizer(spt), nil
}
