// Command headerreader is shaped like code that needs the Authorization
// header for an HTTP call no SDK client makes: it prepares an empty
// &http.Request{} with the authorizer, reads the header, and sends its own
// request to the Resource Manager REST API.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"

	"github.com/Azure/go-autorest/autorest"

	"github.com/azcompat/credwrapper/auth" // was: github.com/Azure/go-autorest/autorest/azure/auth
)

func main() {
	authorizer, err := auth.NewAuthorizerFromEnvironment()
	if err != nil {
		log.Fatalf("failed to get Azure authorizer: %v", err)
	}
	req, err := autorest.Prepare(&http.Request{}, authorizer.WithAuthorization())
	if err != nil {
		log.Fatalf("failed to authorize: %v", err)
	}
	bearer := req.Header.Get("Authorization")

	settings, err := auth.GetSettingsFromEnvironment()
	if err != nil {
		log.Fatal(err)
	}
	r, err := http.NewRequest(http.MethodGet, settings.Environment.ResourceManagerEndpoint+"subscriptions?api-version=2020-01-01", nil)
	if err != nil {
		log.Fatal(err)
	}
	r.Header.Set("Authorization", bearer)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Value []struct {
			SubscriptionID string `json:"subscriptionId"`
		} `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", resp.StatusCode)
	for _, s := range body.Value {
		fmt.Println("subscription:", s.SubscriptionID)
	}
}
