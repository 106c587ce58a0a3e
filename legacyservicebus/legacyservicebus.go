// Package legacyservicebus gives the track-1 Service Bus client,
// github.com/Azure/azure-service-bus-go, a token provider (amqp-common v3's
// auth.TokenProvider) whose tokens come from a credwrapper.CredentialWrapper,
// so that it shares the wrapper's credential and cache with every other
// client:
//
//	w, err := credwrapper.NewDefault(nil)
//	...
//	provider, err := legacyservicebus.NewTokenProvider(w, nil)
//	...
//	ns, err := servicebus.NewNamespace(servicebus.NamespaceWithTokenProvider(provider))
//
// The audience the client passes (amqps://<namespace>.servicebus.windows.net/<entity>,
// or a sovereign cloud's namespace host) is checked and mapped to the Service
// Bus scope, https://servicebus.azure.net/.default, the same in every cloud;
// another host gets no token.
package legacyservicebus

import (
	"fmt"

	"github.com/Azure/azure-amqp-common-go/v3/auth"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/amqptoken"
	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/redact"
)

// Scope is the scope of Service Bus tokens.
const Scope = hostrule.ServiceBusScope

// Options configures NewTokenProvider. The zero value is valid.
type Options struct {
	// Scope is the scope of the tokens; default Scope.
	Scope string
	// EnableCAE asks for Continuous Access Evaluation tokens, the kind new
	// clients ask for, so that they share one token. Default: ordinary tokens.
	EnableCAE bool
}

// TokenProvider is an amqp-common v3 auth.TokenProvider.
type TokenProvider struct {
	p *amqptoken.Provider
}

var _ auth.TokenProvider = (*TokenProvider)(nil)

// NewTokenProvider returns a token provider whose tokens come from w. Pass nil
// opts for the defaults.
func NewTokenProvider(w *credwrapper.CredentialWrapper, opts *Options) (*TokenProvider, error) {
	p, err := amqptoken.Open("legacyservicebus", w, Scope, (*amqptoken.Options)(opts))
	if err != nil {
		return nil, err
	}
	return &TokenProvider{p: p}, nil
}

// GetToken implements auth.TokenProvider: a JWT for the namespace named by
// audience, its expiry in Unix seconds.
func (t *TokenProvider) GetToken(audience string) (*auth.Token, error) {
	tok, expiry, err := t.p.Token(audience)
	if err != nil {
		return nil, err
	}
	return auth.NewToken(auth.CBSTokenTypeJWT, tok, expiry), nil
}

// String describes the provider without any token. Its receiver is a value,
// so that a struct holding a TokenProvider by value prints no token either; a
// nil *TokenProvider prints as <nil>.
func (t TokenProvider) String() string { return t.p.Describe("legacyservicebus.TokenProvider") }

// GoString is String.
func (t TokenProvider) GoString() string { return t.String() }

// Format prints String under every verb.
func (t TokenProvider) Format(f fmt.State, _ rune) { redact.Format(f, t) }
