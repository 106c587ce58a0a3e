package adalonly

import (
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

func managedIdentity() (autorest.Authorizer, error) {
	spt, err := adal.NewServicePrincipalTokenFromManagedIdentity("https://management.azure.com/", nil) // want `adal.NewServicePrincipalTokenFromManagedIdentity builds`
	if err != nil {
		return nil, err
	}
	return autorest.NewBearerAuthorizer(spt), nil
}
