// Command provisioner is shaped like the cloud provisioner of a database: it
// reads the authorizer's TokenProvider to learn when the token expires and
// decides from that when to authenticate again. An Azure CLI token (an
// *adal.Token) is a snapshot that never refreshes; a service principal's
// (*adal.ServicePrincipalToken) is refreshed on demand.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"

	"github.com/azcompat/credwrapper/auth" // was: github.com/Azure/go-autorest/autorest/azure/auth
)

func authorizer() (autorest.Authorizer, string, error) {
	if os.Getenv(auth.ClientSecret) != "" {
		a, err := auth.NewAuthorizerFromEnvironment()
		return a, "service principal", err
	}
	a, err := auth.NewAuthorizerFromCLI()
	return a, "Azure CLI", err
}

// expiry returns when the authorizer's token expires, and whether it renews
// itself.
func expiry(a autorest.Authorizer) (time.Time, bool, error) {
	bearer, ok := a.(*autorest.BearerAuthorizer)
	if !ok {
		return time.Time{}, false, fmt.Errorf("failed to get Azure authorizer: %T", a)
	}
	switch tp := bearer.TokenProvider().(type) {
	case *adal.Token:
		return tp.Expires(), false, nil
	case *adal.ServicePrincipalToken:
		if err := tp.EnsureFresh(); err != nil {
			return time.Time{}, false, err
		}
		return tp.Token().Expires(), true, nil
	default:
		return time.Time{}, false, fmt.Errorf("failed to get Azure authorizer: token provider %T", tp)
	}
}

func main() {
	a, source, err := authorizer()
	if err != nil {
		log.Fatalf("failed to get Azure authorizer: %v", err)
	}
	expires, renews, err := expiry(a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("source: %s\n", source)
	fmt.Printf("expires: %s\n", expires.UTC().Format(time.RFC3339))
	if renews {
		fmt.Println("renews: yes")
	} else {
		fmt.Printf("renews: no (authenticate again before %s)\n", expires.Add(-5*time.Minute).UTC().Format(time.RFC3339))
	}
	settings, err := auth.GetSettingsFromEnvironment()
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClientWithBaseURI(settings.Environment.ResourceManagerEndpoint, settings.GetSubscriptionID())
	groups.Authorizer = a
	if _, err := groups.List(context.Background(), "", nil); err != nil {
		log.Fatalf("listing resource groups: %v", err)
	}
	fmt.Println("provisioned")
}
