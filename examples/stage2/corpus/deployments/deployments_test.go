package deployments

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
)

func TestRecording(t *testing.T) {
	fc := corpustest.NewCloud(t)
	rec := corpustest.Run(t, fc, Run)
	corpustest.Check(t, ".", rec)
	prefix := "/subscriptions/" + fc.SubscriptionID + "/resourceGroups/web-rollout/providers/Microsoft.Resources/deployments/"
	for name, exists := range map[string]bool{"web-dev": true, "web-test": false, "web-prod": true} {
		d, ok := fc.ARM.Resources.Get(prefix + name)
		if assert.Equal(t, exists, ok, name) && exists {
			assert.Equal(t, "Incremental", d["properties"].(map[string]any)["mode"])
		}
	}
}
