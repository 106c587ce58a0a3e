// Command eventhubsjwt gets an Event Hubs token as track-1 messaging code
// does, from amqp-common's AAD provider (aad.NewJWTProvider, adal behind it).
// credwrapper-migrate reports it (use legacyeventhubs.NewTokenProvider) and
// changes nothing.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/Azure/azure-amqp-common-go/v4/aad"
	"github.com/Azure/go-autorest/autorest/azure"
)

func main() {
	provider, err := aad.NewJWTProvider(
		aad.JWTProviderWithAzureEnvironment(&azure.Environment{ActiveDirectoryEndpoint: os.Getenv("AAD_ENDPOINT")}),
		aad.JWTProviderWithEnvironmentVars(),
	)
	if err != nil {
		log.Fatal(err)
	}
	token, err := provider.GetToken("amqps://mynamespace.servicebus.windows.net/myhub")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("event hubs token:", token.TokenType, token.Token != "")
}
