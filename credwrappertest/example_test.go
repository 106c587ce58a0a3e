package credwrappertest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/go-autorest/autorest"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

// A side-by-side test: a legacy autorest request and a new azcore ARM client
// share one CredentialWrapper backed by a real azidentity credential, against
// the fake cloud. The fakes tell how many tokens Entra ID issued and ARM saw.
func Example() {
	fc, err := credwrappertest.New(nil) // in a test: credwrappertest.NewTest(t, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()

	cred, cfg, err := fc.Credential()
	if err != nil {
		log.Fatal(err)
	}
	// EnableCAE: the legacy path asks for the same (CAE) token as new clients.
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, EnableCAE: true})
	if err != nil {
		log.Fatal(err)
	}

	// Legacy side: an autorest.Client with the wrapper as Authorizer.
	legacy := autorest.NewClientWithUserAgent("legacy")
	legacy.Authorizer, legacy.Sender = w, fc.Client()
	req, err := autorest.Prepare(&http.Request{},
		autorest.AsGet(),
		autorest.WithBaseURL(fc.ARM.URL),
		autorest.WithPath("/subscriptions"),
		autorest.WithQueryParameters(map[string]interface{}{"api-version": "2019-06-01"}))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := legacy.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("legacy:", resp.StatusCode)

	// New side: an azcore ARM client with the same wrapper as credential.
	client, err := arm.NewClient("example", "v1.0.0", w, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	if err != nil {
		log.Fatal(err)
	}
	nreq, err := runtime.NewRequest(context.Background(), http.MethodGet, client.Endpoint()+"/subscriptions?api-version=2022-12-01")
	if err != nil {
		log.Fatal(err)
	}
	nresp, err := client.Pipeline().Do(nreq)
	if err != nil {
		log.Fatal(err)
	}
	nresp.Body.Close()
	fmt.Println("new:", nresp.StatusCode)

	fmt.Println("tokens issued by Entra ID:", fc.Entra.TokenRequests())
	fmt.Println("distinct tokens seen by ARM:", fc.ARM.DistinctTokens())
	fmt.Println("requests without a token:", fc.ARM.Unauthenticated())
	fmt.Println("audiences:", fc.ARM.Audiences())
	// Output:
	// legacy: 200
	// new: 200
	// tokens issued by Entra ID: 1
	// distinct tokens seen by ARM: 1
	// requests without a token: 0
	// audiences: [https://management.core.windows.net/]
}
