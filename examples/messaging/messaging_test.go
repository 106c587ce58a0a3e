// Package messaging tests the track-1 Event Hubs adapter with the real
// track-1 client, azure-event-hubs-go/v3 (amqp-common v4); Service Bus
// (azure-service-bus-go, amqp-common v3, which needs go-amqp v0 where Event
// Hubs needs v1, so the two cannot share a module) is tested the same way in
// the examples/servicebus module. No Event Hubs or Service Bus
// emulator runs offline, and the AMQP claims path needs a broker, so the
// clients are driven through the path of theirs that runs over HTTPS: entity
// management (HubManager, QueueManager), which calls the token provider with
// the request URL as audience and sends the token, as the CBS claim does. A
// fake namespace on loopback checks what arrives.
package messaging

import (
	"testing"
	"time"

	eventhub "github.com/Azure/azure-event-hubs-go/v3"
	"github.com/Azure/go-autorest/autorest/azure"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/tokentime"
	"github.com/azcompat/credwrapper/legacyeventhubs"
)

// TestMain installs the fake clock once, for the wrapper (tokentime.Now) and
// the fake clouds (Options.Now): the wrapper's background refreshes read
// tokentime.Now on goroutines of their own.
func TestMain(m *testing.M) {
	tokentime.Now = clock.Now
	goleak.VerifyTestMain(m)
}

// clock is the tests' clock; it stands still until advanced.
var clock = credwrappertest.NewClock(time.Now())

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

// azure-event-hubs-go's HubManager asks legacyeventhubs for a token for its
// request URL and sends it: an Event Hubs token, from the wrapper's cache.
func TestEventHubsClientUsesProvider(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	n := serveNamespace(t, fc)
	provider, err := legacyeventhubs.NewTokenProvider(wrapper(t, fc), nil)
	require.NoError(t, err)
	hm, err := eventhub.NewHubManagerFromAzureEnvironment("myns", provider, azure.PublicCloud)
	require.NoError(t, err)
	for range 3 {
		hubs, err := hm.List(t.Context())
		require.NoError(t, err)
		require.Len(t, hubs, 1)
		assert.Equal(t, "orders", hubs[0].Name)
	}
	assert.Equal(t, []string{"https://eventhubs.azure.net", "https://eventhubs.azure.net", "https://eventhubs.azure.net"}, n.Audiences())
	assert.Equal(t, 1, fc.Entra.TokenRequests(), "one token for the three requests")
	_, err = eventhub.NewHub("myns", "orders", provider) // the AMQP client takes it too (it dials only on Send/Receive)
	require.NoError(t, err)
}

// Once the token is no longer usable, the tokens the client sends change: the
// provider refreshes through the wrapper. The tokens live four minutes, inside
// MSAL's five-minute window, so that azidentity asks Entra ID whenever the
// wrapper asks it; the wrapper and the fake cloud share the fake clock.
func TestProviderRefreshes(t *testing.T) {
	clock.Set(time.Now())
	fc := credwrappertest.NewTest(t, &credwrappertest.Options{TokenLifetime: 4 * time.Minute, Now: clock.Now})
	n := serveNamespace(t, fc)
	provider, err := legacyeventhubs.NewTokenProvider(wrapper(t, fc), nil)
	require.NoError(t, err)
	hm, err := eventhub.NewHubManagerFromAzureEnvironment("myns", provider, azure.PublicCloud)
	require.NoError(t, err)
	distinct := n.DistinctTokens
	for _, advance := range []time.Duration{0, time.Minute, 3 * time.Minute} {
		clock.Advance(advance) // the last one is past the token's usable end
		_, err := hm.List(t.Context())
		require.NoError(t, err)
	}
	assert.Equal(t, 2, fc.Entra.TokenRequests(), "the cache answered the second request")
	assert.Equal(t, 2, distinct(), "the namespace received a refreshed token")
}
