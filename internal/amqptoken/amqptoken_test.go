package amqptoken

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/tokentime"
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

func provider(t *testing.T, fc *credwrappertest.Cloud, scope string) *Provider {
	t.Helper()
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)
	p, err := New(w, scope, false)
	require.NoError(t, err)
	return p
}

// The audiences the track-1 clients build (amqps://<host>/<entity> for
// claims, https:// for management) map to the service's scope; any other
// host gets no token, and Entra ID is not asked.
func TestAudiences(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	p := provider(t, fc, hostrule.EventHubsScope)
	for _, tc := range []struct {
		audience string
		ok       bool
	}{
		{"amqps://myns.servicebus.windows.net/myhub", true},
		{"amqps://myns.servicebus.windows.net/myhub/ConsumerGroups/$Default/Partitions/0", true},
		{"amqp://myns.servicebus.windows.net/myhub", true},
		{"sb://myns.servicebus.windows.net/", true},
		{"https://MyNS.ServiceBus.Windows.Net/myhub", true},
		{"amqps://myns.servicebus.chinacloudapi.cn/myhub", true},
		{"amqps://myns.servicebus.usgovcloudapi.net/myhub", true},
		{"amqps://myns.servicebus.cloudapi.de/myhub", true},
		{"amqps://servicebus.windows.net/myhub", false},                   // no namespace
		{"amqps://a.b.servicebus.windows.net/myhub", false},               // not a namespace label
		{"amqps://myns.servicebus.windows.net.evil.example/myhub", false}, // look-alike
		{"amqps://evil.example/myns.servicebus.windows.net", false},
		{"amqps://[fe80::1%25ns.servicebus.windows.net]/hub", false}, // an IPv6 literal whose zone looks like a namespace
		{"amqps://[fe80::1%25ns.servicebus.windows.net]:5671/hub", false},
		{"amqps://myns.servicebus.windows.net:5671/myhub", true},
		{"amqps://myns.servicebus.windows.net./myhub", true},
		{"ftp://myns.servicebus.windows.net/myhub", false},
		{"myns.servicebus.windows.net/myhub", false},
		{"", false},
		{"amqps://user:secret@evil.example/?sig=secret", false},
	} {
		before := fc.Entra.TokenRequests()
		tok, expiry, err := p.Token(tc.audience)
		if tc.ok {
			require.NoError(t, err, tc.audience)
			assert.NotEmpty(t, tok)
			assert.NotEmpty(t, expiry)
			continue
		}
		require.Error(t, err, tc.audience)
		assert.NotContains(t, err.Error(), "secret", "no secret of the audience in the error")
		assert.Equal(t, before, fc.Entra.TokenRequests(), "no token requested for %q", tc.audience)
	}
}

// The token is a JWT for the service's audience; the expiry is in Unix
// seconds, as amqp-common's own AAD provider formats it.
func TestTokenAndExpiry(t *testing.T) {
	for _, scope := range []string{hostrule.EventHubsScope, hostrule.ServiceBusScope} {
		fc := credwrappertest.NewTest(t, nil)
		p := provider(t, fc, scope)
		tok, expiry, err := p.Token("amqps://myns.servicebus.windows.net/entity")
		require.NoError(t, err)
		claims, err := fc.Entra.Verify(tok)
		require.NoError(t, err)
		assert.Equal(t, scope[:len(scope)-len("/.default")], claims.Audience)
		secs, err := strconv.ParseInt(expiry, 10, 64)
		require.NoError(t, err, "Unix seconds")
		// azidentity computes the expiry from expires_in on receipt: at most
		// the JWT's exp, and within seconds of it
		assert.LessOrEqual(t, secs, claims.ExpiresAt)
		assert.InDelta(t, claims.ExpiresAt, secs, 5)
		assert.Equal(t, 1, fc.Entra.TokenRequestsFor(scope, false))
	}
}

// The client asks again for every claim it renews; the wrapper's cache
// answers while the token is usable, then a new token comes. The tokens live
// four minutes, inside MSAL's five-minute window, so that azidentity asks
// Entra ID whenever the wrapper asks it; the wrapper and the fake cloud share
// the fake clock.
func TestRefresh(t *testing.T) {
	clock.Set(time.Now())
	fc := credwrappertest.NewTest(t, &credwrappertest.Options{TokenLifetime: 4 * time.Minute, Now: clock.Now})
	p := provider(t, fc, hostrule.EventHubsScope)
	first, _, err := p.Token("amqps://myns.servicebus.windows.net/hub")
	require.NoError(t, err)
	clock.Advance(time.Minute)
	again, _, err := p.Token("amqps://myns.servicebus.windows.net/hub")
	require.NoError(t, err)
	assert.Equal(t, first, again, "cached")
	assert.Equal(t, 1, fc.Entra.TokenRequests())

	clock.Advance(3 * time.Minute) // past the token's usable end: the wrapper fetches at once
	tok, _, err := p.Token("amqps://myns.servicebus.windows.net/hub")
	require.NoError(t, err)
	assert.NotEqual(t, first, tok, "refreshed")
	assert.Equal(t, 2, fc.Entra.TokenRequests())
	claims, err := fc.Entra.Verify(tok)
	require.NoError(t, err)
	assert.Equal(t, clock.Now().Unix(), claims.IssuedAt, "issued at the shared clock's time")
}

// The errors name the audience without its user information, query or
// fragment (redact.String), whatever check refuses it.
func TestAudienceErrorIsSanitized(t *testing.T) {
	p, err := Open("legacyeventhubs", credential{}, hostrule.EventHubsScope, nil)
	require.NoError(t, err)
	for _, tc := range []struct{ audience, want string }{
		{"ftp://user:secret@myns.servicebus.windows.net/hub?sig=secret#secret",
			`legacyeventhubs: the audience "ftp://myns.servicebus.windows.net/hub" has scheme "ftp"; want amqps, amqp, sb or https`},
		{"amqps://user:secret@evil.example/hub?sig=secret",
			`legacyeventhubs: the audience host "evil.example" is not an Event Hubs or Service Bus namespace (<namespace>.servicebus.windows.net, or a sovereign cloud's)`},
		{"amqps://user:secret@/hub?sig=secret",
			`legacyeventhubs: the audience "amqps:///hub" is not a namespace URI such as amqps://<namespace>.servicebus.windows.net/<entity>`},
	} {
		_, _, err := p.Token(tc.audience)
		require.EqualError(t, err, tc.want, tc.audience)
	}
}

// Open takes the package's default scope unless the options name one, and
// prefixes its errors with the package's name.
func TestOpen(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts *Options
		want string
	}{
		{"nil options", nil, hostrule.ServiceBusScope},
		{"zero options", &Options{}, hostrule.ServiceBusScope},
		{"a scope", &Options{Scope: "https://other.example/.default", EnableCAE: true}, "https://other.example/.default"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Open("legacyservicebus", credential{}, hostrule.ServiceBusScope, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.Scope())
			assert.Equal(t, "legacyservicebus.TokenProvider{Scope:"+tc.want+"}", p.Describe("legacyservicebus.TokenProvider"))
		})
	}
	var none *Provider
	assert.Equal(t, "legacyservicebus.TokenProvider{}", none.Describe("legacyservicebus.TokenProvider"))
	_, err := Open("legacyservicebus", nil, hostrule.ServiceBusScope, nil)
	require.EqualError(t, err, "legacyservicebus: the credential is nil")
	p, err := Open("legacyservicebus", credential{}, hostrule.ServiceBusScope, nil)
	require.NoError(t, err)
	_, _, err = p.Token("amqps://myns.servicebus.windows.net/queue")
	require.EqualError(t, err, "legacyservicebus: the credential was asked for a token", "the credential's error, prefixed")

	bare, err := New(credential{}, hostrule.ServiceBusScope, false) // no package: no prefix
	require.NoError(t, err)
	_, _, err = bare.Token("ftp://myns.servicebus.windows.net/queue")
	require.EqualError(t, err, `the audience "ftp://myns.servicebus.windows.net/queue" has scheme "ftp"; want amqps, amqp, sb or https`)
}

// credential fails every call, with an error that says it was asked.
type credential struct{}

func (credential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{}, errors.New("the credential was asked for a token")
}

func TestNilWrapper(t *testing.T) {
	_, err := New(nil, hostrule.EventHubsScope, false)
	assert.Error(t, err)
}
