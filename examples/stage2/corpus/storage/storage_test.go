package storage

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

	group := "/subscriptions/" + fc.SubscriptionID + "/resourceGroups/app-storage/providers/Microsoft.Storage/storageAccounts/"
	archive, ok := fc.ARM.Resources.Get(group + "apparchive01")
	require.True(t, ok)
	assert.Equal(t, "Cool", archive["properties"].(map[string]any)["accessTier"])
	assert.Equal(t, map[string]any{"name": "Standard_GRS"}, archive["sku"])
	_, ok = fc.ARM.Resources.Get(group + "applogs01")
	assert.False(t, ok, "deleted")
}
