// Package amqptoken gets the tokens of the track-1 messaging clients
// (azure-event-hubs-go, azure-service-bus-go) from a CredentialWrapper, for
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

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/redact"
	"github.com/azcompat/credwrapper/internal/scoped"
)

// Provider gets tokens of one scope from a wrapper for audiences that name a
// namespace of a known cloud.
type Provider struct {
	src *scoped.Source
}

// New returns a provider of tokens for scope from w.
func New(w *credwrapper.CredentialWrapper, scope string, cae bool) (*Provider, error) {
	src, err := scoped.New(w, scope, cae)
	if err != nil {
		return nil, err
	}
	return &Provider{src: src}, nil
}

// Scope returns the scope of the tokens.
func (p *Provider) Scope() string { return p.src.Scope() }

// Token returns the JWT for audience and its expiry in Unix seconds, as
// amqp-common's auth.Token carries them. An audience that does not name an
// Event Hubs or Service Bus namespace host is refused before any token is
// requested, so that a token is never handed out for another host.
func (p *Provider) Token(audience string) (token, expiry string, err error) {
	if err := checkAudience(audience); err != nil {
		return "", "", err
	}
	tk, err := p.src.Token(context.Background()) // amqp-common's GetToken takes no context
	if err != nil {
		return "", "", err
	}
	return tk.Token, strconv.FormatInt(tk.ExpiresOn.Unix(), 10), nil
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
