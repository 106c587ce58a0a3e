package compute

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
)

func TestRecording(t *testing.T) {
	fc := corpustest.NewCloud(t)
	rec := corpustest.Run(t, fc, Run)
	corpustest.Check(t, ".", rec)

	prefix := "/subscriptions/" + fc.SubscriptionID + "/resourceGroups/fleet/providers/Microsoft.Compute/virtualMachines/"
	web2, ok := fc.ARM.Resources.Get(prefix + "web-2")
	require.True(t, ok)
	assert.Equal(t, "Standard_B2ms", web2["properties"].(map[string]any)["hardwareProfile"].(map[string]any)["vmSize"])
	web1, ok := fc.ARM.Resources.Get(prefix + "web-1")
	require.True(t, ok)
	assert.Equal(t, "Standard_B2s", web1["properties"].(map[string]any)["hardwareProfile"].(map[string]any)["vmSize"])
	_, ok = fc.ARM.Resources.Get(prefix + "batch-1")
	assert.False(t, ok)
}
