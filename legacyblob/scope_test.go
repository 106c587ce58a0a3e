package legacyblob

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/azcompat/credwrapper/internal/hostrule"
)

// Scope is written out for go doc, and is the host rule's storage scope.
func TestScopeIsTheHostRules(t *testing.T) {
	assert.Equal(t, hostrule.StorageScope, Scope)
}
