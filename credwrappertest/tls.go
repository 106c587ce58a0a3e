package credwrappertest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/azcompat/credwrapper/internal/redact"
)

// Certificate is a self-signed TLS server certificate for loopback servers.
type Certificate struct {
	// CertPEM and KeyPEM are the PEM-encoded certificate and private key,
	// for servers that load them from files (Azurite's --cert and --key).
	CertPEM, KeyPEM []byte
	// TLS is the certificate for a crypto/tls server.
	TLS tls.Certificate
	// Pool trusts the certificate.
	Pool *x509.CertPool
}

// NewCertificate creates a self-signed certificate valid for 127.0.0.1, ::1,
// localhost and the given DNS names (wildcards such as "*.vault.azure.net"
// are allowed).
func NewCertificate(dnsNames ...string) (*Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: generating a key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: generating a serial number: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"credwrappertest"}, CommonName: "credwrappertest fake cloud"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              append([]string{"localhost"}, dnsNames...),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: creating a certificate: %w", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: encoding the key: %w", err)
	}
	c := &Certificate{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
		Pool:    x509.NewCertPool(),
	}
	if c.TLS, err = tls.X509KeyPair(c.CertPEM, c.KeyPEM); err != nil {
		return nil, fmt.Errorf("credwrappertest: loading the key pair: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: parsing the certificate: %w", err)
	}
	c.Pool.AddCert(leaf)
	return c, nil
}

// LoopbackDialer dials loopback addresses only. Host names registered with
// Route are sent to the given loopback address; any other name, and any
// address outside 127.0.0.0/8 and ::1, is refused, so a test can never reach
// a real service by mistake. It is safe for concurrent use.
type LoopbackDialer struct {
	mu     sync.RWMutex
	routes map[string]string // host or "*.suffix" -> loopback host:port
}

// Route sends connections for host (a name, or a wildcard "*.vault.azure.net")
// to addr, which must be a loopback host:port.
func (d *LoopbackDialer) Route(host, addr string) error {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("credwrappertest: Route(%q, %q): %w", host, addr, err)
	}
	if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("credwrappertest: Route(%q, %q): not a loopback address", host, addr)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.routes == nil {
		d.routes = make(map[string]string)
	}
	d.routes[strings.ToLower(host)] = addr
	return nil
}

func (d *LoopbackDialer) lookup(host string) (string, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	d.mu.RLock()
	defer d.mu.RUnlock()
	if a, ok := d.routes[host]; ok {
		return a, true
	}
	for h := host; ; {
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
		if a, ok := d.routes["*."+h]; ok {
			return a, true
		}
	}
	return "", false
}

// DialContext implements the dial function of an http.Transport.
func (d *LoopbackDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: dial %q: %w", addr, err)
	}
	if target, ok := d.lookup(host); ok {
		addr = target
	} else if strings.EqualFold(host, "localhost") {
		addr = net.JoinHostPort("127.0.0.1", port)
	} else if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("credwrappertest: refusing to dial %s: only loopback addresses and the fake cloud's hosts are reachable in tests", addr)
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// newClient returns an HTTP client that trusts pool and dials through d.
func newClient(pool *x509.CertPool, d *LoopbackDialer) *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 nil, // never an HTTPS_PROXY from the environment
		DialContext:           d.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}}
}

// String describes the certificate without its private key.
func (c Certificate) String() string {
	names := "none"
	if c.TLS.Leaf != nil {
		names = strings.Join(c.TLS.Leaf.DNSNames, ",")
	}
	return "credwrappertest.Certificate{DNSNames:" + names + " Key:REDACTED}"
}

// GoString is String, for %#v.
func (c Certificate) GoString() string { return c.String() }

// Format prints String for every verb, so that no formatting reaches the
// private key.
func (c Certificate) Format(f fmt.State, _ rune) { redact.Format(f, c) }
