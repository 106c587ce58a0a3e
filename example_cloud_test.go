package credwrapper_test

// Examples against the fake cloud of credwrappertest: a real azidentity
// credential, real HTTPS services on loopback, no network.

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

// Attach makes the wrapper a legacy client's Authorizer and wraps its Sender,
// so that the client answers a Continuous Access Evaluation claims challenge
// (a revoked session) instead of failing with 401 until the token expires.
func ExampleCredentialWrapper_Attach() {
	fc, err := credwrappertest.New(nil) // in a test: credwrappertest.NewTest(t, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	cred, cfg, err := fc.Credential() // e.g. azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, EnableCAE: true})
	if err != nil {
		log.Fatal(err)
	}

	client := autorest.NewClientWithUserAgent("my-app") // e.g. resources.NewGroupsClient(sub).Client
	client.Sender = fc.Client()                         // in production: keep the default sender
	w.Attach(&client)                                   // Authorizer = w; Sender answers 401s and claims challenges

	get := func() int {
		req, err := autorest.Prepare(&http.Request{}, autorest.AsGet(),
			autorest.WithBaseURL(fc.ARM.URL), autorest.WithPath("/subscriptions"),
			autorest.WithQueryParameters(map[string]interface{}{"api-version": "2019-06-01"}))
		if err != nil {
			log.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	fmt.Println("first request:", get())
	fc.ARM.ChallengeOnce() // the service revokes the session
	fmt.Println("after a claims challenge:", get())
	fmt.Println("tokens issued:", fc.Entra.TokenRequests())
	// Output:
	// first request: 200
	// after a claims challenge: 200
	// tokens issued: 2
}

// A legacy Key Vault client (the v68 keyvault.BaseClient) learns the vault's
// scope and tenant from its challenge, once per vault, where go-autorest's
// BearerAuthorizerCallback probes before every request.
func ExampleCredentialWrapper_ChallengeAuthorizer() {
	fc, err := credwrappertest.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	fc.KeyVault.SetSecret("db-password", "s3cret")
	cred, cfg, err := fc.Credential()
	if err != nil {
		log.Fatal(err)
	}
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	if err != nil {
		log.Fatal(err)
	}

	vault := autorest.NewClientWithUserAgent("my-app") // e.g. keyvault.New().Client
	vault.Sender = fc.Client()                         // in production: keep the default sender
	ca := w.ChallengeAuthorizer(vault.Sender)
	vault.Authorizer, vault.Sender = ca, ca.Sender(vault.Sender)

	for range 3 {
		req, err := autorest.Prepare(&http.Request{}, autorest.AsGet(),
			autorest.WithBaseURL(fc.KeyVault.URL), autorest.WithPath("/secrets/db-password"),
			autorest.WithQueryParameters(map[string]interface{}{"api-version": "7.4"}))
		if err != nil {
			log.Fatal(err)
		}
		resp, err := vault.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	fmt.Println("unauthenticated probes:", fc.KeyVault.Unauthenticated())
	fmt.Println("audiences:", fc.KeyVault.Audiences())
	// Output:
	// 200
	// 200
	// 200
	// unauthenticated probes: 1
	// audiences: [https://vault.azure.net]
}

// An adal token provider you already hold (here a service principal token
// from the fake Entra ID's v1 endpoint) becomes an azcore.TokenCredential for
// new clients, e.g. armresources.NewResourceGroupsClient(sub, cred, nil).
func ExampleFromTokenProvider() {
	fc, err := credwrappertest.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	oauth, err := adal.NewOAuthConfig(fc.Entra.URL, fc.TenantID)
	if err != nil {
		log.Fatal(err)
	}
	spt, err := adal.NewServicePrincipalToken(*oauth, fc.ClientID, fc.ClientSecret, "https://management.azure.com/")
	if err != nil {
		log.Fatal(err)
	}
	spt.SetSender(fc.Client()) // in production: adal's default sender

	cred, err := credwrapper.FromTokenProvider(spt, nil)
	if err != nil {
		log.Fatal(err)
	}
	tk, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{
		Scopes: []string{"https://management.core.windows.net//.default"}, // what arm clients ask for
	})
	if err != nil {
		log.Fatal(err)
	}
	claims, err := credwrappertest.ParseUnverified(tk.Token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("audience:", claims.Audience)
	fmt.Println("expires in an hour:", time.Until(tk.ExpiresOn) > 50*time.Minute)

	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}})
	fmt.Println("another audience refused:", err != nil)
	// Output:
	// audience: https://management.azure.com/
	// expires in an hour: true
	// another audience refused: true
}

// Options.Logger receives the token lifecycle as log/slog records whose
// messages are the Msg constants; here a text handler without times. No
// record holds a token.
func ExampleOptions_logger() {
	fc, err := credwrappertest.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	cred, cfg, err := fc.Credential()
	if err != nil {
		log.Fatal(err)
	}
	var logs bytes.Buffer // e.g. os.Stderr
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key != slog.LevelKey && a.Key != slog.MessageKey && a.Key != "scopes" {
				return slog.Attr{} // keep the example's output stable
			}
			return a
		},
	}))
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, Logger: logger})
	if err != nil {
		log.Fatal(err)
	}
	if err := w.EnsureFresh(); err != nil { // as adal.Refresher: the first token
		log.Fatal(err)
	}
	tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: w.Scopes()})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(logs.String())
	fmt.Println("token in the log:", strings.Contains(logs.String(), tk.Token))
	// Output:
	// level=INFO msg="credwrapper: token acquired" scopes=[https://management.core.windows.net//.default]
	// token in the log: false
}
