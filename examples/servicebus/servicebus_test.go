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
	"crypto/tls"
	"encoding/xml"
	"net/http"
	"sync"
	"testing"
	"time"

	servicebus "github.com/Azure/azure-service-bus-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/legacyservicebus"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const namespaceHost = "myns.servicebus.windows.net"

// namespace is a fake Event Hubs / Service Bus namespace's management
// endpoint: it verifies the token of every request and lists one entity.
type namespace struct {
	fc       *credwrappertest.Cloud
	mu       sync.Mutex
	audience []string // the aud claim of every token received
	tokens   map[string]bool
}

func (n *namespace) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	claims, err := n.fc.Entra.Verify(r.Header.Get("Authorization")) // amqp-common's JWTs are sent as they are
	if err != nil || time.Now().Unix() > claims.ExpiresAt {
		http.Error(w, "401 no valid token", http.StatusUnauthorized)
		return
	}
	n.mu.Lock()
	n.audience = append(n.audience, claims.Audience)
	n.tokens[r.Header.Get("Authorization")] = true
	n.mu.Unlock()
	type entry struct {
		Title   string `xml:"title"`
		Content struct {
			Type string `xml:"type,attr"`
		} `xml:"content"`
	}
	feed := struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Entries []entry  `xml:"entry"`
	}{Title: "entities", Entries: []entry{{Title: "orders"}}}
	feed.Entries[0].Content.Type = "application/xml"
	w.Header().Set("Content-Type", "application/atom+xml")
	_ = xml.NewEncoder(w).Encode(feed)
}

// serveNamespace starts the fake namespace and routes the process's default
// HTTP transport (which the track-1 management clients use) to it.
func serveNamespace(t *testing.T, fc *credwrappertest.Cloud) *namespace {
	t.Helper()
	n := &namespace{fc: fc, tokens: map[string]bool{}}
	_, err := fc.Serve(namespaceHost, n)
	require.NoError(t, err)
	tr := &http.Transport{
		DialContext:     fc.Dialer.DialContext,
		TLSClientConfig: &tls.Config{RootCAs: fc.Certificate.Pool, MinVersion: tls.VersionTLS12},
	}
	old := http.DefaultTransport
	http.DefaultTransport = tr
	t.Cleanup(func() {
		http.DefaultTransport = old
		tr.CloseIdleConnections()
	})
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
	assert.Equal(t, []string{"https://servicebus.azure.net"}, n.audience)
}
