// Command adalsecret builds an adal service principal token by hand from a
// client secret, wraps it in a bearer authorizer, and lists resource groups.
// credwrapper-migrate turns adal.NewServicePrincipalToken into its
// credwrapper/auth twin.
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
	oauthConfig, err := adal.NewOAuthConfig(os.Getenv("AAD_ENDPOINT"), os.Getenv("AZURE_TENANT_ID"))
	if err != nil {
		log.Fatal(err)
	}
	spt, err := adal.NewServicePrincipalToken(*oauthConfig, os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET"), "https://management.azure.com/")
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
	if err := spt.EnsureFresh(); err != nil { // code that shares the token keeps working
		log.Fatal(err)
	}
	fmt.Println("token expires in the future:", !spt.Token().IsExpired())
}
