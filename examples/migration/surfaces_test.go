package migration

// The code of MIGRATION.md's "Every other legacy client": the track-1
// Storage and messaging clients on the one wrapper.

import (
	"log"
	"log/slog"
	"net/url"
	"os"

	eventhub "github.com/Azure/azure-event-hubs-go/v3"
	"github.com/Azure/azure-storage-blob-go/azblob"
	"github.com/Azure/azure-storage-queue-go/azqueue"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/legacyblob"
	"github.com/azcompat/credwrapper/legacyeventhubs"
	"github.com/azcompat/credwrapper/legacyqueue"
	"github.com/azcompat/credwrapper/legacyservicebus"
)

func Example_legacyBlob() {
	w, err := credwrapper.NewDefault(nil)
	if err != nil {
		log.Fatal(err)
	}
	cred, err := legacyblob.NewCredential(w, nil) // a Storage token now, refreshed on azblob's timer
	if err != nil {
		log.Fatal(err)
	}
	defer cred.Stop() // stops the refreshes; azblob alone stops them only when cred is garbage collected
	u, err := url.Parse("https://myaccount.blob.core.windows.net/mycontainer")
	if err != nil {
		log.Fatal(err)
	}
	container := azblob.NewContainerURL(*u, azblob.NewPipeline(cred, azblob.PipelineOptions{}))
	_ = container
}

func Example_legacyQueue() {
	w, err := credwrapper.NewDefault(nil)
	if err != nil {
		log.Fatal(err)
	}
	cred, err := legacyqueue.NewCredential(w, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer cred.Stop()
	u, err := url.Parse("https://myaccount.queue.core.windows.net/myqueue")
	if err != nil {
		log.Fatal(err)
	}
	queue := azqueue.NewQueueURL(*u, azqueue.NewPipeline(cred, azqueue.PipelineOptions{}))
	_ = queue
}

func Example_legacyEventHubs() {
	w, err := credwrapper.NewDefault(nil)
	if err != nil {
		log.Fatal(err)
	}
	provider, err := legacyeventhubs.NewTokenProvider(w, nil) // amqp-common v4's auth.TokenProvider
	if err != nil {
		log.Fatal(err)
	}
	hub, err := eventhub.NewHub("mynamespace", "myhub", provider)
	if err != nil {
		log.Fatal(err)
	}
	_ = hub
}

func Example_legacyServiceBus() {
	w, err := credwrapper.NewDefault(nil)
	if err != nil {
		log.Fatal(err)
	}
	provider, err := legacyservicebus.NewTokenProvider(w, nil) // amqp-common v3's auth.TokenProvider
	if err != nil {
		log.Fatal(err)
	}
	// ns, err := servicebus.NewNamespace(servicebus.NamespaceWithTokenProvider(provider), ...)
	_ = provider
}

func Example_logger() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	w, err := credwrapper.NewDefault(&credwrapper.DefaultOptions{Options: credwrapper.Options{Logger: logger}})
	if err != nil {
		log.Fatal(err)
	}
	_ = w // logs "credwrapper: token acquired", "credwrapper: token refresh failed, backing off", ...
}
