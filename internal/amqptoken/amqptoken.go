// Package amqptoken gets the tokens of the track-1 messaging clients
// (azure-event-hubs-go, azure-service-bus-go) from a credential, for
// amqp-common's auth.TokenProvider: it maps the audience the client passes,
// a namespace URI, to the service's scope, and formats the expiry as
// amqp-common expects it.
package amqptoken

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/redact"
	"github.com/azcompat/credwrapper/internal/scoped"
)

// Provider gets tokens of one scope from a credential for audiences that name a
// namespace of a known cloud. It is the one implementation of the token
// providers of legacyeventhubs and legacyservicebus, which only name their
// amqp-common version's auth.Token.
type Provider struct {
	pkg string // prefixes the errors of Token
	src *scoped.Source
}

// Options is the options struct of both messaging packages (each converts its
// own, field for field, to this one).
type Options struct {
	Scope     string // default: the package's
	EnableCAE bool
}

// Open returns a provider of tokens from cred for pkg (legacyeventhubs or
// legacyservicebus), whose default scope is scope; pkg prefixes its errors.
// Pass nil opts for the defaults.
func Open(pkg string, cred azcore.TokenCredential, scope string, opts *Options) (*Provider, error) {
	if opts == nil {
		opts = &Options{}
	}
	if opts.Scope != "" {
		scope = opts.Scope
	}
	p, err := New(cred, scope, opts.EnableCAE)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pkg, err)
	}
	p.pkg = pkg
	return p, nil
}

// New returns a provider of tokens for scope from cred (a
// credwrapper.CredentialWrapper, so that the tokens come from its cache).
func New(cred azcore.TokenCredential, scope string, cae bool) (*Provider, error) {
	src, err := scoped.New(cred, scope, cae)
	if err != nil {
		return nil, err
	}
	return &Provider{src: src}, nil
}

// Scope returns the scope of the tokens.
func (p *Provider) Scope() string { return p.src.Scope() }

// Describe returns typeName{Scope:<scope>}, or typeName{} for a nil
// provider: the String of a token provider, without any token.
func (p *Provider) Describe(typeName string) string {
	if p == nil {
		return typeName + "{}"
	}
	return typeName + "{Scope:" + p.Scope() + "}"
}

// Token returns the JWT for audience and its expiry in Unix seconds, as
// amqp-common's auth.Token carries them. An audience that does not name an
// Event Hubs or Service Bus namespace host is refused before any token is
// requested, so that a token is never handed out for another host.
//
// Its errors carry the prefix of the package the provider was opened for.
func (p *Provider) Token(audience string) (token, expiry string, err error) {
	if err := checkAudience(audience); err != nil {
		return "", "", p.wrap(err)
	}
	tk, err := p.src.Token(context.Background()) // amqp-common's GetToken takes no context
	if err != nil {
		return "", "", p.wrap(err)
	}
	return tk.Token, strconv.FormatInt(tk.ExpiresOn.Unix(), 10), nil
}

// wrap prefixes err with the provider's package, if it has one.
func (p *Provider) wrap(err error) error {
	if p.pkg == "" {
		return err
	}
	return fmt.Errorf("%s: %w", p.pkg, err)
}

// checkAudience accepts a namespace URI (amqps://, amqp://, sb:// or
// https://) whose host is a namespace of a known cloud
// ([hostrule.IsNamespace]).
func checkAudience(audience string) error {
	u, err := url.Parse(audience)
	if err != nil || u.Host == "" {
		return fmt.Errorf("the audience %q is not a namespace URI such as amqps://<namespace>.servicebus.windows.net/<entity>", redact.String(audience))
	}
	switch strings.ToLower(u.Scheme) {
	case "amqps", "amqp", "sb", "https":
	default:
		return fmt.Errorf("the audience %q has scheme %q; want amqps, amqp, sb or https", redact.String(audience), u.Scheme)
	}
	if host := hostrule.Parse(u.Host); !hostrule.IsNamespace(host) {
		return fmt.Errorf("the audience host %q is not an Event Hubs or Service Bus namespace (<namespace>.servicebus.windows.net, or a sovereign cloud's)", host)
	}
	return nil
}
