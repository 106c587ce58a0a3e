package credwrappertest

import (
	"crypto/tls"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Namespace is a fake Event Hubs or Service Bus namespace: the HTTPS entity
// management endpoint that the track-1 messaging clients (azure-event-hubs-go's
// HubManager, azure-service-bus-go's QueueManager) call with a token from
// their amqp-common token provider, as their AMQP claims are made. It
// accepts a JWT of the fake Entra ID, sent as the whole Authorization value
// as amqp-common's AAD providers send it, lists its entities as an Atom feed,
// and records the audience of every token.
type Namespace struct {
	// Host is the namespace's host name, <name>.servicebus.windows.net.
	Host string

	entra    *Entra
	entities []string
	mu       sync.Mutex
	audience []string
	tokens   map[string]bool
}

// Namespace starts a fake namespace called name (a single DNS label) with
// the given entities (event hubs or queues) and routes its host to it, for
// Client and for UseAsDefaultTransport. It stops with Close.
func (c *Cloud) Namespace(name string, entities ...string) (*Namespace, error) {
	if name == "" || strings.ContainsAny(name, "./:") {
		return nil, fmt.Errorf("credwrappertest: namespace name %q must be a single DNS label", name)
	}
	n := &Namespace{Host: strings.ToLower(name) + ".servicebus.windows.net", entra: c.Entra, entities: entities, tokens: map[string]bool{}}
	if _, err := c.Serve(n.Host, n); err != nil {
		return nil, err
	}
	return n, nil
}

// ServeHTTP answers a management request.
func (n *Namespace) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	claims, err := n.entra.Verify(strings.TrimPrefix(auth, "Bearer "))
	if err != nil || n.entra.now().Unix() > claims.ExpiresAt+int64(DefaultClockSkew/time.Second) {
		http.Error(w, "401 no valid token", http.StatusUnauthorized)
		return
	}
	n.mu.Lock()
	n.audience = append(n.audience, claims.Audience)
	n.tokens[auth] = true
	n.mu.Unlock()
	type content struct {
		Type string `xml:"type,attr"`
	}
	type entry struct {
		Title   string  `xml:"title"`
		Content content `xml:"content"`
	}
	feed := struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Entries []entry  `xml:"entry"`
	}{Title: "entities"}
	for _, e := range n.entities {
		feed.Entries = append(feed.Entries, entry{Title: e, Content: content{Type: "application/xml"}})
	}
	w.Header().Set("Content-Type", "application/atom+xml")
	_ = xml.NewEncoder(w).Encode(feed)
}

// Audiences returns the aud claim of every token accepted, in order.
func (n *Namespace) Audiences() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.audience...)
}

// DistinctTokens returns the number of different tokens accepted.
func (n *Namespace) DistinctTokens() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.tokens)
}

// UseAsDefaultTransport routes http.DefaultTransport through the cloud's
// dialer and certificate for the rest of the test, and restores it at the
// end: for clients that build their own http.Client, such as the track-1
// messaging management clients. It must not be used by parallel tests.
func (c *Cloud) UseAsDefaultTransport(t testing.TB) {
	t.Helper()
	tr := &http.Transport{
		DialContext:     c.Dialer.DialContext,
		TLSClientConfig: &tls.Config{RootCAs: c.Certificate.Pool, MinVersion: tls.VersionTLS12},
	}
	old := http.DefaultTransport
	http.DefaultTransport = tr
	t.Cleanup(func() {
		http.DefaultTransport = old
		tr.CloseIdleConnections()
	})
}
