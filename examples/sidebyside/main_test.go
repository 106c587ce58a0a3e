package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The demo runs offline against the fake cloud and both clients share one token.
func TestDemoOffline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, run(ctx, &out, false, false))
	got := out.String()
	t.Log("\n" + got)
	for _, want := range []string{
		"legacy GroupsClient.CreateOrUpdate",
		"new    ResourceGroupsClient.CreateOrUpdate",
		"legacy GroupsClient.List                    2 groups: credwrapper-demo-legacy, credwrapper-demo-new",
		"new    ResourceGroupsClient.NewListPager    2 groups: credwrapper-demo-legacy, credwrapper-demo-new",
		"ARM received 6 requests (0 without a token, 0 refused) carrying 1 distinct token(s)",
		"Entra ID issued 1 token(s)",
	} {
		assert.Contains(t, got, want)
	}
}

func TestDemoLiveNeedsSubscription(t *testing.T) {
	t.Setenv("AZURE_SUBSCRIPTION_ID", "")
	err := run(context.Background(), &bytes.Buffer{}, true, false)
	require.ErrorContains(t, err, "AZURE_SUBSCRIPTION_ID")
}
