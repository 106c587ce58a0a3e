// Command adalmsi builds an adal managed identity token by hand and lists
// resource groups; credwrapper-migrate turns the constructor into its
// credwrapper/auth twin, and the adal import, now unused, goes.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

func main() {
	spt, err := adal.NewServicePrincipalTokenFromManagedIdentity("https://management.azure.com/", nil)
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClientWithBaseURI(os.Getenv("ARM_ENDPOINT"), os.Getenv("AZURE_SUBSCRIPTION_ID"))
	groups.Authorizer = autorest.NewBearerAuthorizer(spt)
	page, err := groups.List(context.Background(), "", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("resource groups:", len(page.Values()))
}
