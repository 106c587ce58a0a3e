package credwrappertest

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With RecordEnv set, each cloud appends its recording once, named by its
// test, in the order the clouds close; without it, nothing is written.
func TestRecordEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "traffic.jsonl")
	t.Setenv(RecordEnv, path)
	t.Run("first", func(t *testing.T) {
		fc := NewTest(t, nil)
		tok := getToken(t, fc, "https://management.core.windows.net//.default", false)
		status, _ := armDo(t, fc, tok, http.MethodPut, "/subscriptions/"+fc.SubscriptionID+"/resourcegroups/rg1?api-version=2019-05-01", `{"location":"westeurope"}`)
		require.Equal(t, http.StatusCreated, status)
	})
	t.Run("second", func(t *testing.T) {
		fc := NewTest(t, nil)
		fc.Close() // the cleanup closes it again: recorded once
	})
	fc, err := New(nil)
	require.NoError(t, err)
	fc.Close()

	got, err := ReadRecordings(path)
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, "TestRecordEnv/first", got[0].Test)
	require.Len(t, got[0].Recording, 1)
	assert.Equal(t, "PUT /subscriptions/"+DefaultSubscriptionID+"/resourcegroups/rg1 (api-version 2019-05-01) {\"location\":\"westeurope\"}", got[0].Recording[0].String())
	assert.Equal(t, "TestRecordEnv/second", got[1].Test)
	assert.Empty(t, got[1].Recording)
	assert.Empty(t, got[2].Test, "a cloud of New has no test")
	assert.Empty(t, got[2].Recording)

	t.Setenv(RecordEnv, "")
	fc, err = New(nil)
	require.NoError(t, err)
	fc.Close()
	got, err = ReadRecordings(path)
	require.NoError(t, err)
	assert.Len(t, got, 3, "nothing appended without RecordEnv")
}

func TestReadRecordingsErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadRecordings(filepath.Join(dir, "missing"))
	require.ErrorContains(t, err, "credwrappertest: ReadRecordings: ")
	bad := filepath.Join(dir, "bad")
	require.NoError(t, os.WriteFile(bad, []byte("{\"Test\":\"a\"}\n{not json\n"), 0o600))
	_, err = ReadRecordings(bad)
	require.ErrorContains(t, err, "record 2")
}
