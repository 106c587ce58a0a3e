package migration

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
	legacystorage "github.com/azcompat/credwrapper/examples/stage2/corpus/storage"
	migratedstorage "github.com/azcompat/credwrapper/examples/stage2/corpus/storage/migrated"
)

// MIGRATION.md's "Stage 2: the same requests before and after", with the
// corpus's storage program and its migration as the legacy and migrated
// code.
func TestStage2SameRequests(t *testing.T) {
	ctx := context.Background()
	// The responses of the storage program's POST actions.
	actions := func(fc *credwrappertest.Cloud) {
		fc.ARM.Resources.SetAction("Microsoft.Storage/checkNameAvailability", map[string]any{"nameAvailable": true})
		fc.ARM.Resources.SetAction("Microsoft.Storage/storageAccounts/listKeys", map[string]any{"keys": []any{map[string]any{"keyName": "key1", "permissions": "Full"}}})
	}
	runLegacy := func(ctx context.Context, fc *credwrappertest.Cloud) error {
		actions(fc)
		return legacystorage.Run(ctx, corpustest.Env(t, fc))
	}
	runMigrated := func(ctx context.Context, fc *credwrappertest.Cloud) error {
		actions(fc)
		return migratedstorage.Run(ctx, corpustest.Env(t, fc))
	}

	fc := credwrappertest.NewTest(t, nil)
	fc.ARM.Resources.SetLRO("PUT Microsoft.Storage/storageAccounts", credwrappertest.Location)
	require.NoError(t, runLegacy(ctx, fc))
	before := fc.Traffic.Recording()

	fc.Traffic.Reset()
	require.NoError(t, runMigrated(ctx, fc))
	c := credwrappertest.Compare(before, fc.Traffic.Recording())
	for _, v := range c.APIVersions {
		t.Log(v) // the new modules call newer api-versions: reported, not a difference
	}
	require.True(t, c.Equal, "the migrated code sends other requests:\n%s", c.Diff)
	require.NotEmpty(t, c.APIVersions)
}
