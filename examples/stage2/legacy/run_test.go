package legacy_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/stage2/legacy"
)

// TestMain fails the package's tests if any goroutine is left behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// Exchange is one request the fake cloud's Resource Manager received and
// its answer's status.
type Exchange struct {
	Method string
	Path   string
	Status int
}

// Record is what STAGE2_RECORD receives: the exchanges with ARM and the
// cloud's recording (methods, paths, queries and bodies).
type Record struct {
	Exchanges []Exchange
	Recording credwrappertest.Recording
}

// Run on the fake cloud returns what it read; with STAGE2_RECORD set, the
// requests received are written there as JSON (a Record) (the stage-2 test
// compares them before and after the rewrite).
func TestRun(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)

	fc.Traffic.Reset()
	got, err := legacy.Run(context.Background(), w, fc.SubscriptionID, fc.ARM.URL, fc.Client())
	require.NoError(t, err)
	require.Equal(t, []string{"stage2-a", "stage2-b", "westeurope", "stage2"}, got)
	require.Equal(t, []string{"stage2-a"}, fc.ARM.ResourceGroups(fc.SubscriptionID))

	var ex []Exchange
	for _, r := range fc.ARM.Requests() {
		ex = append(ex, Exchange{r.Method, r.Path, r.Status})
	}
	if path := os.Getenv("STAGE2_RECORD"); path != "" {
		data, err := json.MarshalIndent(Record{Exchanges: ex, Recording: fc.Traffic.Recording()}, "", "\t")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, data, 0o644))
	}
}
