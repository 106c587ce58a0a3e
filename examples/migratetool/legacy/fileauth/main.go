// Command fileauth authenticates from an sdk-auth file (AZURE_AUTH_LOCATION)
// through go-autorest's azure/auth, aliased, and lists resource groups.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	azauth "github.com/Azure/go-autorest/autorest/azure/auth"
)

func main() {
	authorizer, err := azauth.NewAuthorizerFromFileWithResource("https://management.azure.com/")
	if err != nil {
		log.Fatal(err)
	}
	settings, err := azauth.GetSettingsFromFile()
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClientWithBaseURI(os.Getenv("ARM_ENDPOINT"), settings.GetSubscriptionID())
	groups.Authorizer = authorizer
	page, err := groups.List(context.Background(), "", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("resource groups:", len(page.Values()))
}
