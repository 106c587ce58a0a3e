// Command adalcert builds an adal service principal token by hand from a
// PKCS#12 client certificate and lists resource groups; credwrapper-migrate
// turns the constructor into its credwrapper/auth twin.
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
	pfx, err := os.ReadFile(os.Getenv("AZURE_CERTIFICATE_PATH"))
	if err != nil {
		log.Fatal(err)
	}
	cert, key, err := adal.DecodePfxCertificateData(pfx, os.Getenv("AZURE_CERTIFICATE_PASSWORD"))
	if err != nil {
		log.Fatal(err)
	}
	oauthConfig, err := adal.NewOAuthConfig(os.Getenv("AAD_ENDPOINT"), os.Getenv("AZURE_TENANT_ID"))
	if err != nil {
		log.Fatal(err)
	}
	spt, err := adal.NewServicePrincipalTokenFromCertificate(*oauthConfig, os.Getenv("AZURE_CLIENT_ID"), cert, key, "https://management.azure.com/")
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
