// Command autoscaler is shaped like a well-known autoscaler's Azure code: it
// ignores the error of the authorizer's constructor and finds out at the
// first request. With go-autorest, a configuration Entra ID refuses was
// accepted there and the first request reported Entra ID's answer; the twin
// must do the same, not hand back a nil authorizer.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"

	"github.com/azcompat/credwrapper/auth" // was: github.com/Azure/go-autorest/autorest/azure/auth
)

func main() {
	settings, _ := auth.GetSettingsFromEnvironment()
	authorizer, _ := auth.NewAuthorizerFromEnvironment() // the error is ignored, as in the original
	groups := resources.NewGroupsClientWithBaseURI(settings.Environment.ResourceManagerEndpoint, settings.GetSubscriptionID())
	groups.Authorizer = authorizer
	page, err := groups.List(context.Background(), "", nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "listing resource groups:", err)
		os.Exit(1)
	}
	fmt.Println("resource groups:", len(page.Values()))
}
