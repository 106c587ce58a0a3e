package hostrule

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A host name is at most 253 bytes, even when every label is of a valid
// length.
func TestParseLongName(t *testing.T) {
	label := strings.Repeat("a", 63)
	name := func(n int) string { // n bytes: labels of 63 and a last shorter one
		var b strings.Builder
		for b.Len()+64 < n {
			b.WriteString(label + ".")
		}
		b.WriteString(strings.Repeat("b", n-b.Len()))
		return b.String()
	}
	for _, tc := range []struct {
		n     int
		valid bool
	}{
		{253, true},
		{254, false},
		{300, false},
	} {
		h := Parse(name(tc.n))
		assert.Len(t, name(tc.n), tc.n)
		assert.Equal(t, tc.valid, h.Valid(), "%d bytes", tc.n)
	}
}

// The scope and resource conversions trim surrounding white space first, and
// leave an empty value and a scope as they are.
func TestScopeResourceTrimming(t *testing.T) {
	for _, tc := range []struct{ in, scope, resource string }{
		{"", "", ""},
		{"  ", "", ""},
		{" https://vault.azure.net ", "https://vault.azure.net/.default", "https://vault.azure.net"},
		{"\thttps://vault.azure.net/.default\n", "https://vault.azure.net/.default", "https://vault.azure.net"},
	} {
		assert.Equal(t, tc.scope, ScopeFromResource(tc.in), "ScopeFromResource(%q)", tc.in)
		assert.Equal(t, tc.resource, ResourceFromScope(tc.in), "ResourceFromScope(%q)", tc.in)
	}
}
