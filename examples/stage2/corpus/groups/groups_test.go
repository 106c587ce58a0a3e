package groups

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
)

func TestRecording(t *testing.T) {
	fc := corpustest.NewCloud(t)
	rec := corpustest.Run(t, fc, Run)
	corpustest.Check(t, ".", rec)
	assert.Equal(t, []string{"app-prod", "app-staging", "shared-dns"}, fc.ARM.ResourceGroups(fc.SubscriptionID))
}
