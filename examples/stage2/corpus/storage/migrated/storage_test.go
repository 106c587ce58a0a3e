package storage

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
	legacy "github.com/azcompat/credwrapper/examples/stage2/corpus/storage"
)

// The migrated program sends the legacy program's requests: the recording in
// ../testdata, and a fresh run of the legacy program, compared with
// credwrappertest.Compare. The v68 Futures' final GETs after each storage
// account's creation (polled through Location) are set aside, as are the
// polls; the api-versions are newer.
func TestSameRequestsAsLegacy(t *testing.T) {
	fc := corpustest.NewCloud(t)
	after := corpustest.Run(t, fc, Run)
	corpustest.Check(t, "..", after)

	before := corpustest.Run(t, corpustest.NewCloud(t), legacy.Run)
	c := credwrappertest.Compare(before, after)
	assert.True(t, c.Equal, c.Diff)
	assert.Equal(t, [2]int{9, 6}, c.SetAside, "before: 6 polls and 3 final GETs; after: 6 polls\nbefore:\n%s\nafter:\n%s", before, after)
	for _, v := range c.APIVersions {
		assert.Regexp(t, `: 2021-0[49]-01 -> 20\d\d-\d\d-\d\d$`, v)
	}
	assert.NotEmpty(t, c.APIVersions)
}
