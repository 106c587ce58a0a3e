// Command kvcallback authorizes a v7.1 Key Vault client with
// autorest.NewBearerAuthorizerCallback, as legacy code does; credwrapper-migrate
// reports it (use CredentialWrapper.ChallengeAuthorizer) and changes nothing.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

func main() {
	client := keyvault.New()
	client.Authorizer = autorest.NewBearerAuthorizerCallback(client.Sender, func(tenantID, resource string) (*autorest.BearerAuthorizer, error) {
		oauthConfig, err := adal.NewOAuthConfig(os.Getenv("AAD_ENDPOINT"), tenantID)
		if err != nil {
			return nil, err
		}
		spt, err := adal.NewServicePrincipalToken(*oauthConfig, os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET"), resource)
		if err != nil {
			return nil, err
		}
		return autorest.NewBearerAuthorizer(spt), nil
	})
	secret, err := client.GetSecret(context.Background(), os.Getenv("VAULT_URL"), "greeting", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(*secret.Value)
}
