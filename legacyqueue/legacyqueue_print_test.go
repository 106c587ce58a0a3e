package legacyqueue

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/printcheck"
)

// No exported type of the package prints the Storage token, by value, by
// pointer or held in a struct, under any verb; the types are enumerated from
// the package, so a new one without a case fails.
func TestNoTokenInAnyPrint(t *testing.T) {
	w, err := credwrapper.New(&credential{}, nil)
	require.NoError(t, err)
	c, err := NewCredential(w, nil)
	require.NoError(t, err)
	defer c.Stop()
	printcheck.Check(t, ".", []string{c.Token()}, map[string]printcheck.Case{
		"Credential": {Value: c},
		"Options":    {Value: Options{Scope: "https://myaccount.queue.core.windows.net/.default", EnableCAE: true}},
	})
}
