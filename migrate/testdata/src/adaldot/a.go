package adaldot

import (
	. "github.com/Azure/go-autorest/autorest/adal"

	"github.com/Azure/go-autorest/autorest"
)

// Every name the dot import brings in is a constructor the fix replaces:
// the import goes.
func managedIdentity() (autorest.Authorizer, error) {
	spt, err := NewServicePrincipalTokenFromManagedIdentity("https://management.azure.com/", nil) // want `adal.NewServicePrincipalTokenFromManagedIdentity builds`
	if err != nil {
		return nil, err
	}
	return autorest.NewBearerAuthorizer(spt), nil
}
