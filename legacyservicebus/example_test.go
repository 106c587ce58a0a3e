package legacyservicebus_test

import (
	"fmt"
	"log"
	"strconv"
	"time"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/legacyservicebus"
)

// The track-1 Service Bus client asks its token provider for a token per
// audience, the namespace URI; the provider maps a namespace host to the
// Service Bus scope and refuses any other host. The fake cloud stands in for Entra
// ID; no AMQP connection is made here.
func ExampleNewTokenProvider() {
	fc, err := credwrappertest.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	cred, cfg, err := fc.Credential() // e.g. azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	if err != nil {
		log.Fatal(err)
	}

	provider, err := legacyservicebus.NewTokenProvider(w, nil) // amqp-common v3's auth.TokenProvider
	if err != nil {
		log.Fatal(err)
	}
	// servicebus.NewNamespace(servicebus.NamespaceWithTokenProvider(provider), ...)

	tok, err := provider.GetToken("amqps://mynamespace.servicebus.windows.net/myqueue") // as the client asks
	if err != nil {
		log.Fatal(err)
	}
	claims, err := credwrappertest.ParseUnverified(tok.Token)
	if err != nil {
		log.Fatal(err)
	}
	expiry, err := strconv.ParseInt(tok.Expiry, 10, 64) // Unix seconds
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("audience:", claims.Audience)
	fmt.Println("valid for an hour:", time.Until(time.Unix(expiry, 0)) > 50*time.Minute)

	_, err = provider.GetToken("amqps://mynamespace.servicebus.windows.net.evil.example/x")
	fmt.Println("look-alike host refused:", err != nil)
	fmt.Println("token requests:", fc.Entra.TokenRequests())
	// Output:
	// audience: https://servicebus.azure.net
	// valid for an hour: true
	// look-alike host refused: true
	// token requests: 1
}
