package credwrappertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/azcompat/credwrapper/internal/redact"
)

// Defaults of a fake cloud.
const (
	DefaultTenantID       = "72f988bf-86f1-41af-91ab-2d7cd011db47" // the tenant of the credential and the services
	DefaultSubscriptionID = "00000000-1111-4222-8333-444444444444" // the subscription ARM serves
	DefaultClientID       = "11111111-2222-4333-8444-555555555555" // the client ID of Cloud.Credential
	DefaultClientSecret   = "credwrappertest-client-secret"        // the client secret of Cloud.Credential
	DefaultVaultName      = "credwrapper-fake"                     // the fake vault: credwrapper-fake.vault.azure.net
	// DefaultUsername and DefaultUserObjectID identify the user of user flows
	// (password, device code) when the request names none.
	DefaultUsername     = "user@contoso.com"
	DefaultUserObjectID = "99999999-8888-4777-8666-555555555555" // the user's object ID
	// ManagedIdentityClientID is the client ID of the fake managed identity
	// when the request names none.
	ManagedIdentityClientID = "33333333-4444-4555-8666-777777777777"
	// IdentityHeader is the secret the fake managed identity endpoint expects
	// in X-IDENTITY-HEADER (set IDENTITY_HEADER to it).
	IdentityHeader = "credwrappertest-identity-header"
	// ARMAudience is the Resource Manager audience of the public cloud, which
	// the fake ARM expects by default.
	ARMAudience = "https://management.core.windows.net/"
)

// Options configures a fake cloud. The zero value is valid.
type Options struct {
	// TenantID is the tenant of the credential and the services; default
	// DefaultTenantID.
	TenantID string
	// SubscriptionID is the subscription ARM serves; default
	// DefaultSubscriptionID.
	SubscriptionID string
	// TokenLifetime is the lifetime of issued tokens; default one hour.
	TokenLifetime time.Duration
	// RefreshIn, if set, is sent as refresh_in with every token.
	RefreshIn time.Duration
	// ARMAudience is the audience ARM accepts; default ARMAudience.
	ARMAudience string
	// VaultName names the Key Vault (host VaultName.vault.azure.net); default
	// DefaultVaultName.
	VaultName string
	// Now is the clock of the fake cloud; default time.Now. Entra ID dates
	// the tokens it mints by it (iat, nbf, exp) and its error bodies; ARM,
	// Key Vault and namespaces check a token's expiry against it and record
	// Request.Received by it; a CAE revocation names its time. A test that
	// drives the code under test on a fake clock passes that clock here too,
	// so that advancing it expires the tokens at the services as well, and
	// needs no sleep. Two things keep the real clock: the servers' TLS
	// certificate, which crypto/tls checks against the real time, and
	// Reply.Delay. azidentity reckons a token's ExpiresOn from its own (real)
	// clock and expires_in, which is the token's lifetime whatever the clock.
	Now func() time.Time
}

// Cloud is a fake Azure cloud: Entra ID, Resource Manager and Key Vault, each
// an HTTPS server on loopback sharing one self-signed certificate. Use Client
// for every HTTP request to it: it trusts the certificate, routes the fake
// host names and refuses to dial anything but loopback.
type Cloud struct {
	Entra    *Entra    // the fake Microsoft Entra ID
	ARM      *ARM      // the fake Azure Resource Manager
	KeyVault *KeyVault // the fake Key Vault, at Options.VaultName.vault.azure.net through Client
	// Traffic records the requests ARM and KeyVault receive, in one
	// sequence, for comparing two programs' requests.
	Traffic *Traffic

	TenantID       string // the tenant of the credential and the services
	SubscriptionID string // the subscription ARM serves
	ClientID       string // the client ID Credential and Environ use
	ClientSecret   string // the client secret Credential and Environ use

	// Certificate is the servers' certificate.
	Certificate *Certificate
	// Dialer routes the fake host names to the servers; Route adds more.
	Dialer *LoopbackDialer

	client *http.Client
	extra  []*httptest.Server // started by Serve
	test   string             // the test of NewTest, for RecordEnv
	closed *sync.Once         // Close records once
}

// New starts a fake cloud. Pass nil opts for the defaults. Close it when done.
func New(opts *Options) (*Cloud, error) {
	if opts == nil {
		opts = &Options{}
	}
	o := *opts
	if o.TenantID == "" {
		o.TenantID = DefaultTenantID
	}
	if o.SubscriptionID == "" {
		o.SubscriptionID = DefaultSubscriptionID
	}
	if o.ARMAudience == "" {
		o.ARMAudience = ARMAudience
	}
	if o.VaultName == "" {
		o.VaultName = DefaultVaultName
	}
	if o.TokenLifetime == 0 {
		o.TokenLifetime = time.Hour
	}
	if strings.ContainsAny(o.VaultName, "./:") {
		return nil, fmt.Errorf("credwrappertest: VaultName %q must be a single DNS label", o.VaultName)
	}
	vaultHost := strings.ToLower(o.VaultName) + ".vault.azure.net"
	cert, err := NewCertificate(vaultHost, "*.vault.azure.net")
	if err != nil {
		return nil, err
	}
	entra, err := newEntra(cert, o.Now)
	if err != nil {
		return nil, err
	}
	entra.SetTokenLifetime(o.TokenLifetime, o.RefreshIn)
	c := &Cloud{
		Entra:          entra,
		ARM:            newARM(cert, entra, o.ARMAudience, o.TenantID, o.SubscriptionID),
		KeyVault:       newKeyVault(cert, entra, vaultHost, o.TenantID),
		TenantID:       o.TenantID,
		SubscriptionID: o.SubscriptionID,
		ClientID:       DefaultClientID,
		ClientSecret:   DefaultClientSecret,
		Certificate:    cert,
		Dialer:         &LoopbackDialer{},
		Traffic:        &Traffic{},
		closed:         &sync.Once{},
	}
	c.ARM.traffic, c.KeyVault.traffic = c.Traffic, c.Traffic
	if err := c.Dialer.Route(vaultHost, c.KeyVault.addr()); err != nil {
		c.Close()
		return nil, err
	}
	c.client = newClient(cert.Pool, c.Dialer)
	return c, nil
}

// NewTest starts a fake cloud for a test and closes it when the test ends. It
// fails the test if the cloud cannot start.
func NewTest(t testing.TB, opts *Options) *Cloud {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	c.test = t.Name()
	t.Cleanup(c.Close)
	return c
}

// Close stops the servers and closes idle connections. With [RecordEnv] set,
// the first Close appends the cloud's recording to the file it names (an
// error doing so is printed to standard error: Close returns none).
func (c *Cloud) Close() {
	c.closed.Do(func() {
		if err := c.appendRecording(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	})
	c.client.CloseIdleConnections()
	for _, s := range c.extra {
		s.Close()
	}
	c.KeyVault.Close()
	c.ARM.Close()
	c.Entra.Close()
}

// Client returns the HTTP client for the fake cloud. It is usable as an azcore
// Transport (policy.Transporter) and as an autorest Sender.
func (c *Cloud) Client() *http.Client { return c.client }

// ManagedIdentityEndpoint is the URL of the fake App Service managed identity
// endpoint: set IDENTITY_ENDPOINT to it and IDENTITY_HEADER to IdentityHeader,
// and azidentity's ManagedIdentityCredential (with the cloud's Client as
// Transport) gets its tokens from the fake Entra ID.
func (c *Cloud) ManagedIdentityEndpoint() string { return c.Entra.URL + "/msi/token" }

// Configuration returns the azcore cloud configuration of the fake cloud:
// the fake Entra ID as authority host and the fake ARM as Resource Manager.
func (c *Cloud) Configuration() cloud.Configuration {
	return cloud.Configuration{
		ActiveDirectoryAuthorityHost: c.Entra.URL + "/",
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Audience: c.ARM.audiences[1], Endpoint: c.ARM.URL},
		},
	}
}

// ClientOptions returns azcore client options for new SDK clients talking to
// the fake cloud (Cloud and Transport set). Retries are kept short.
func (c *Cloud) ClientOptions() policy.ClientOptions {
	return policy.ClientOptions{
		Cloud:     c.Configuration(),
		Transport: c.client,
		Retry:     policy.RetryOptions{MaxRetries: 2, RetryDelay: 10 * time.Millisecond, MaxRetryDelay: 50 * time.Millisecond},
	}
}

// Credential returns a real azidentity.ClientSecretCredential for the fake
// Entra ID, ready to use, and the cloud configuration it was built with.
// AdditionallyAllowedTenants is "*" so tests can ask for other tenants.
func (c *Cloud) Credential() (*azidentity.ClientSecretCredential, cloud.Configuration, error) {
	cfg := c.Configuration()
	opts := c.ClientOptions()
	cred, err := azidentity.NewClientSecretCredential(c.TenantID, c.ClientID, c.ClientSecret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:              opts,
		DisableInstanceDiscovery:   true,
		AdditionallyAllowedTenants: []string{"*"},
	})
	if err != nil {
		return nil, cloud.Configuration{}, fmt.Errorf("credwrappertest: %w", err)
	}
	return cred, cfg, nil
}

// String describes the cloud with its client secret redacted.
func (c Cloud) String() string {
	return fmt.Sprintf("credwrappertest.Cloud{TenantID:%q SubscriptionID:%q ClientID:%q ClientSecret:REDACTED}",
		c.TenantID, c.SubscriptionID, c.ClientID)
}

// GoString is String, for %#v.
func (c Cloud) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Cloud) Format(f fmt.State, _ rune) { redact.Format(f, c) }

// Serve starts an HTTPS server on loopback for host (a name such as
// "myvault.vault.azure.net.evil.example") answering with h, with a
// certificate that Client trusts, and routes host to it: a host the
// application is pointed at but the test controls, as an attacker would. It
// returns the server's URL, https://host. The server stops with Close. Call
// Serve before sending requests through Client.
func (c *Cloud) Serve(host string, h http.Handler) (string, error) {
	cert, err := NewCertificate(host)
	if err != nil {
		return "", err
	}
	if !c.Certificate.Pool.AppendCertsFromPEM(cert.CertPEM) {
		return "", fmt.Errorf("credwrappertest: Serve(%q): the certificate cannot be trusted", host)
	}
	s := startTLS(h, cert)
	if err := c.Dialer.Route(host, s.Listener.Addr().String()); err != nil {
		s.Close()
		return "", err
	}
	c.extra = append(c.extra, s)
	return "https://" + host, nil
}
