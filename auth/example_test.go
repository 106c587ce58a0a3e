package auth_test

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"

	"github.com/azcompat/credwrapper/auth"
)

const (
	tenantID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	clientID = "11111111-2222-4333-8444-555555555555"
)

// The migration: change the import path, keep the code.
func ExampleNewAuthorizerFromEnvironment() {
	for name, value := range map[string]string{ // usually set outside the program
		"AZURE_TENANT_ID": tenantID, "AZURE_CLIENT_ID": clientID, "AZURE_CLIENT_SECRET": "client-secret",
	} {
		os.Setenv(name, value)
		defer os.Unsetenv(name)
	}

	// import "github.com/azcompat/credwrapper/auth" (was: "github.com/Azure/go-autorest/autorest/azure/auth")
	authorizer, err := auth.NewAuthorizerFromEnvironment()
	if err != nil {
		log.Fatal(err)
	}
	client := autorest.NewClientWithUserAgent("my-app") // or any v68 client's embedded autorest.Client
	client.Authorizer = authorizer

	cred, _ := auth.Credential(authorizer) // the azidentity credential behind it, for new clients
	fmt.Printf("%T\n", client.Authorizer)
	fmt.Println(cred.Scopes())
	// Output:
	// *autorest.BearerAuthorizer
	// [https://management.azure.com//.default]
}

// The authorizer is go-autorest's own type, holding an adal token whose
// tokens come from azidentity: type assertions of existing code keep working.
func ExampleClientCredentialsConfig_Authorizer() {
	config := auth.NewClientCredentialsConfig(clientID, "client-secret", tenantID)
	authorizer, err := config.Authorizer()
	if err != nil {
		log.Fatal(err)
	}
	bearer := authorizer.(*autorest.BearerAuthorizer)
	_, ok := bearer.TokenProvider().(*adal.ServicePrincipalToken)
	fmt.Printf("%T %v\n", authorizer, ok)
	// Output: *autorest.BearerAuthorizer true
}

// With auxiliary tenants, the authorizer is go-autorest's multi-tenant one.
func ExampleClientCredentialsConfig_Authorizer_auxiliaryTenants() {
	config := auth.NewClientCredentialsConfig(clientID, "client-secret", tenantID)
	config.AuxTenants = []string{"aux-tenant-id"}
	authorizer, err := config.Authorizer()
	if err != nil {
		log.Fatal(err)
	}
	_, ok := authorizer.(autorest.MultiTenantServicePrincipalTokenAuthorizer)
	fmt.Printf("%T %v\n", authorizer, ok)
	// Output: *autorest.MultiTenantBearerAuthorizer true
}

// Credential returns the azidentity credential behind an authorizer, wrapped,
// to give new SDK clients: they share the legacy clients' token.
func ExampleCredential() {
	authorizer, err := auth.NewClientCredentialsConfig(clientID, "client-secret", tenantID).Authorizer()
	if err != nil {
		log.Fatal(err)
	}
	cred, ok := auth.Credential(authorizer) // an azcore.TokenCredential
	fmt.Println(ok, cred.Scopes())
	// Output: true [https://management.azure.com//.default]
}

// An sdk-auth file (az ad sp create-for-rbac --sdk-auth), named by
// AZURE_AUTH_LOCATION, as with go-autorest. The base URI picks the audience;
// the token is requested at the first request.
func ExampleNewAuthorizerFromFile() {
	dir, err := os.MkdirTemp("", "sdkauth")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "azureauth.json")
	err = os.WriteFile(file, []byte(`{
  "clientId": "`+clientID+`",
  "clientSecret": "client-secret",
  "subscriptionId": "00000000-0000-0000-0000-000000000000",
  "tenantId": "`+tenantID+`",
  "activeDirectoryEndpointUrl": "https://login.microsoftonline.com",
  "resourceManagerEndpointUrl": "https://management.azure.com/",
  "activeDirectoryGraphResourceId": "https://graph.windows.net/",
  "managementEndpointUrl": "https://management.core.windows.net/"
}`), 0o600)
	if err != nil {
		log.Fatal(err)
	}
	os.Setenv("AZURE_AUTH_LOCATION", file) // usually set outside the program
	defer os.Unsetenv("AZURE_AUTH_LOCATION")

	authorizer, err := auth.NewAuthorizerFromFile("https://management.azure.com/")
	if err != nil {
		log.Fatal(err)
	}
	settings, err := auth.GetSettingsFromFile()
	if err != nil {
		log.Fatal(err)
	}
	cred, _ := auth.Credential(authorizer) // the azidentity credential behind it, for new clients
	fmt.Printf("%T\n", authorizer)
	fmt.Println(settings.GetSubscriptionID())
	fmt.Println(cred.Scopes())
	// Output:
	// *autorest.BearerAuthorizer
	// 00000000-0000-0000-0000-000000000000
	// [https://management.azure.com//.default]
}

// As in go-autorest, the Azure CLI authorizer holds one token, an
// *adal.Token, whose expiry tells when to sign in again.
func ExampleNewAuthorizerFromCLI() {
	// Here a stand-in for the Azure CLI, signed in until 2100.
	dir, err := os.MkdirTemp("", "az")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	az := `#!/bin/sh
echo '{"accessToken": "eyJhbGciOiJub25lIn0.e30.", "expires_on": 4102444800, "expiresOn": "2100-01-01 00:00:00.000000", "tenant": "` + tenantID + `", "tokenType": "Bearer"}'
`
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(az), 0o755); err != nil {
		log.Fatal(err)
	}
	path := os.Getenv("PATH")
	os.Setenv("PATH", dir+string(os.PathListSeparator)+path)
	defer os.Setenv("PATH", path)

	authorizer, err := auth.NewAuthorizerFromCLI() // runs `az account get-access-token` once
	if err != nil {
		log.Fatal(err)
	}
	token := authorizer.(*autorest.BearerAuthorizer).TokenProvider().(*adal.Token)
	fmt.Println("sign in again before", token.Expires().UTC())
	// Output: sign in again before 2100-01-01 00:00:00 +0000 UTC
}

// A configuration go-autorest accepts is accepted; what Entra ID or
// azidentity refuses fails the first request, with an error go-autorest does
// not retry.
func Example_failureAtFirstRequest() {
	config := auth.NewClientCredentialsConfig(clientID, "client-secret", tenantID)
	config.Resource = "my-resource" // not a URI: no scope can be made of it
	authorizer, err := config.Authorizer()
	fmt.Println("built:", err == nil)
	_, err = autorest.Prepare(&http.Request{}, authorizer.WithAuthorization())
	fmt.Println("first request:", strings.Contains(err.Error(), `"my-resource/.default"`), autorest.IsTokenRefreshError(err))
	// Output:
	// built: true
	// first request: true true
}
