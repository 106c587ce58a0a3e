package legacyqueue_test

import (
	"fmt"
	"log"
	"net/url"

	"github.com/Azure/azure-storage-queue-go/azqueue"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/legacyqueue"
)

// A track-1 azqueue client authorized by a wrapper: NewCredential gets a
// Storage token at once (it fails if there is none), then refreshes it
// through the wrapper's cache until Stop. The fake cloud stands in for Entra
// ID; no Storage request is made here.
func ExampleNewCredential() {
	fc, err := credwrappertest.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	azidentityCred, cfg, err := fc.Credential() // e.g. azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	w, err := credwrapper.New(azidentityCred, &credwrapper.Options{Cloud: cfg})
	if err != nil {
		log.Fatal(err)
	}

	cred, err := legacyqueue.NewCredential(w, nil) // a Storage token now
	if err != nil {
		log.Fatal(err)
	}
	defer cred.Stop() // stops the refreshes
	u, err := url.Parse("https://myaccount.queue.core.windows.net/myqueue")
	if err != nil {
		log.Fatal(err)
	}
	queue := azqueue.NewQueueURL(*u, azqueue.NewPipeline(cred, azqueue.PipelineOptions{}))
	_ = queue

	claims, err := credwrappertest.ParseUnverified(cred.Token())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("audience:", claims.Audience)
	fmt.Println("token requests:", fc.Entra.TokenRequests())

	again, err := legacyqueue.NewCredential(w, nil) // another client: the wrapper's cached token
	if err != nil {
		log.Fatal(err)
	}
	defer again.Stop()
	fmt.Println("token requests:", fc.Entra.TokenRequests())
	fmt.Println("refresh error:", cred.Err())
	// Output:
	// audience: https://storage.azure.com
	// token requests: 1
	// token requests: 1
	// refresh error: <nil>
}
