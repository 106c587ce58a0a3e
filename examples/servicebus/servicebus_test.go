// Package servicebus tests the track-1 Service Bus adapter with the real
// track-1 client, azure-service-bus-go (amqp-common v3). It is a module of its
// own: azure-service-bus-go needs go-amqp v0, and azure-event-hubs-go/v3 (in
// the examples module) needs go-amqp v1, under the same module path. No Event Hubs or Service Bus
// emulator runs offline, and the AMQP claims path needs a broker, so the
// clients are driven through the path of theirs that runs over HTTPS: entity
// management (HubManager, QueueManager), which calls the token provider with
// the request URL as audience and sends the token, as the CBS claim does. A
// fake namespace on loopback checks what arrives.
package servicebus

import (
	"testing"

	servicebus "github.com/Azure/azure-service-bus-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/legacyservicebus"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// serveNamespace starts a fake namespace "myns" listing the entity "orders",
// and routes the default transport, which the management clients use, to it.
func serveNamespace(t *testing.T, fc *credwrappertest.Cloud) *credwrappertest.Namespace {
	t.Helper()
	n, err := fc.Namespace("myns", "orders")
	require.NoError(t, err)
	fc.UseAsDefaultTransport(t)
	return n
}

func wrapper(t *testing.T, fc *credwrappertest.Cloud) *credwrapper.CredentialWrapper {
	t.Helper()
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)
	return w
}

// azure-service-bus-go's QueueManager, with NamespaceWithTokenProvider, gets
// Service Bus tokens from legacyservicebus.
func TestServiceBusClientUsesProvider(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	n := serveNamespace(t, fc)
	provider, err := legacyservicebus.NewTokenProvider(wrapper(t, fc), nil)
	require.NoError(t, err)
	ns, err := servicebus.NewNamespace(servicebus.NamespaceWithAzureEnvironment("myns", "AzurePublicCloud"), servicebus.NamespaceWithTokenProvider(provider))
	require.NoError(t, err)
	queues, err := ns.NewQueueManager().List(t.Context())
	require.NoError(t, err)
	require.Len(t, queues, 1)
	assert.Equal(t, "orders", queues[0].Name)
	assert.Equal(t, []string{"https://servicebus.azure.net"}, n.Audiences())
}
