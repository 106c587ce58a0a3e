package cgofix

// static int answer(void) { return 42; }
import "C"

import (
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

// A file that imports "C" is the package's own code: its fix edits it.
func managedIdentity() (autorest.Authorizer, int, error) {
	spt, err := adal.NewServicePrincipalTokenFromManagedIdentity("https://management.azure.com/", nil) // want `adal.NewServicePrincipalTokenFromManagedIdentity builds`
	if err != nil {
		return nil, 0, err
	}
	return autorest.NewBearerAuthorizer(spt), int(C.answer()), nil
}
