package network

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

	prefix := "/subscriptions/" + fc.SubscriptionID + "/resourceGroups/net-hub/providers/Microsoft.Network/"
	hub, ok := fc.ARM.Resources.Get(prefix + "virtualNetworks/hub")
	require.True(t, ok)
	var subnets []string
	for _, s := range hub["properties"].(map[string]any)["subnets"].([]any) {
		subnets = append(subnets, s.(map[string]any)["name"].(string))
	}
	assert.Equal(t, []string{"backend", "frontend", "GatewaySubnet"}, subnets)
	web, ok := fc.ARM.Resources.Get(prefix + "publicIPAddresses/web-ip")
	require.True(t, ok)
	assert.Equal(t, "Static", web["properties"].(map[string]any)["publicIPAllocationMethod"])
	_, ok = fc.ARM.Resources.Get(prefix + "publicIPAddresses/jump-ip")
	assert.False(t, ok)
}
