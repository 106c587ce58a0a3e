package legacyblob_test

import (
	"fmt"
	"log"
	"net/url"

	"github.com/Azure/azure-storage-blob-go/azblob"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/legacyblob"
)

// A track-1 azblob client authorized by a wrapper: NewCredential gets a
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

	cred, err := legacyblob.NewCredential(w, nil) // a Storage token now
	if err != nil {
		log.Fatal(err)
	}
	defer cred.Stop() // stops the refreshes
	u, err := url.Parse("https://myaccount.blob.core.windows.net/mycontainer")
	if err != nil {
		log.Fatal(err)
	}
	container := azblob.NewContainerURL(*u, azblob.NewPipeline(cred, azblob.PipelineOptions{}))
	_ = container

	claims, err := credwrappertest.ParseUnverified(cred.Token())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("audience:", claims.Audience)
	fmt.Println("token requests:", fc.Entra.TokenRequests())

	again, err := legacyblob.NewCredential(w, nil) // another client: the wrapper's cached token
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
