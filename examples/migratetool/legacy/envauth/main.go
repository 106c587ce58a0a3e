// Command envauth authenticates as a legacy codebase does through
// go-autorest's azure/auth and the environment, and lists resource groups.
// credwrapper-migrate rewrites its import.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest/azure/auth"
)

func main() {
	settings, err := auth.GetSettingsFromEnvironment()
	if err != nil {
		log.Fatal(err)
	}
	authorizer, err := settings.GetAuthorizer()
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClientWithBaseURI(settings.Environment.ResourceManagerEndpoint, settings.GetSubscriptionID())
	groups.Authorizer = authorizer
	page, err := groups.List(context.Background(), "", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("resource groups:", len(page.Values()))
}
