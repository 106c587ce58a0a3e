package azurite

import (
	"net/url"
	"testing"
	"time"

	"github.com/Azure/azure-pipeline-go/pipeline"
	"github.com/Azure/azure-storage-queue-go/azqueue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/legacyqueue"
)

// A real azure-storage-queue-go QueueURL creates a queue, enqueues and
// dequeues a message through Azurite's queue service, which validates the
// token legacyqueue gets from the wrapper.
func TestLegacyQueueClientThroughWrapper(t *testing.T) {
	serviceURL, client := startAzuriteService(t, "queue")
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)
	lc, err := legacyqueue.NewCredential(w, nil)
	require.NoError(t, err)
	defer lc.Stop()

	// azqueue.NewPipeline with the test's sender (it has no HTTPSender
	// option): the same factories, in the same order.
	s := &sender{client: client, accepted: map[string]bool{}}
	p := pipeline.NewPipeline([]pipeline.Factory{
		azqueue.NewTelemetryPolicyFactory(azqueue.TelemetryOptions{}),
		azqueue.NewUniqueRequestIDPolicyFactory(),
		azqueue.NewRetryPolicyFactory(azqueue.RetryOptions{}),
		lc,
		azqueue.NewRequestLogPolicyFactory(azqueue.RequestLogOptions{}),
		pipeline.MethodFactoryMarker(),
	}, pipeline.Options{HTTPSender: s})
	u, err := url.Parse(serviceURL)
	require.NoError(t, err)
	queue := azqueue.NewServiceURL(*u, p).NewQueueURL("orders")
	ctx := t.Context()
	_, err = queue.Create(ctx, azqueue.Metadata{})
	require.NoError(t, err)
	_, err = queue.NewMessagesURL().Enqueue(ctx, "order 42", 0, time.Hour)
	require.NoError(t, err)
	got, err := queue.NewMessagesURL().Dequeue(ctx, 1, 30*time.Second)
	require.NoError(t, err)
	require.EqualValues(t, 1, got.NumMessages())
	assert.Equal(t, "order 42", got.Message(0).Text)
	assert.Equal(t, 1, s.tokens(), "Azurite accepted the wrapper's token")
	assert.Equal(t, 1, fc.Entra.TokenRequestsFor(storageScope, false))
}
