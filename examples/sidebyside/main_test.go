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
		"ARM received 6 requests: 3 from the legacy client, 3 from the new one (0 without a token, 0 refused)",
		"They carried 1 distinct token(s); Entra ID issued 1.",
		"One token served both: EnableCAE",
		"and Attach gives the legacy client the sender",
	} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "TenantID:", "no debug dump")
	assert.NotContains(t, got, "credwrappertest-client-secret")
}

// The demo follows the README's advice: with EnableCAE, the legacy client is
// attached, so a CAE claims challenge from ARM is answered, not returned.
func TestDemoLegacyClientAnswersCAEChallenge(t *testing.T) {
	tg, closeTarget, err := newTarget(false)
	require.NoError(t, err)
	defer closeTarget()
	legacy, _, err := clients(tg)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = listLegacy(ctx, legacy)
	require.NoError(t, err)
	tg.fake.ARM.ChallengeOnce()
	_, err = listLegacy(ctx, legacy)
	require.NoError(t, err, "the attached sender answered the claims challenge")
	assert.NotEmpty(t, tg.fake.ARM.ChallengeClaims())
	assert.Equal(t, 2, tg.fake.Entra.TokenRequests(), "one new token, satisfying the claims")
}

func TestDemoLiveNeedsSubscription(t *testing.T) {
	t.Setenv("AZURE_SUBSCRIPTION_ID", "")
	err := run(context.Background(), &bytes.Buffer{}, true, false)
	require.ErrorContains(t, err, "AZURE_SUBSCRIPTION_ID")
}
