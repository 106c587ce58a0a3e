package legacyservicebus

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/printcheck"
)

// No exported type of the package prints a token, by value, by pointer or
// held in a struct, under any verb; the types are enumerated from the
// package, so a new one without a case fails.
func TestNoTokenInAnyPrint(t *testing.T) {
	w, err := credwrapper.New(credential{time.Now().Add(time.Hour)}, nil)
	require.NoError(t, err)
	p, err := NewTokenProvider(w, nil)
	require.NoError(t, err)
	tok, err := p.GetToken("amqps://myns.servicebus.windows.net/myhub")
	require.NoError(t, err)
	printcheck.Check(t, ".", []string{tok.Token}, map[string]printcheck.Case{
		"TokenProvider": {Value: p},
		"Options":       {Value: Options{Scope: Scope, EnableCAE: true}},
	})
}
