package keyvault

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
)

func TestRecording(t *testing.T) {
	fc := corpustest.NewCloud(t)
	rec := corpustest.Run(t, fc, Run)
	corpustest.Check(t, ".", rec)
	for _, c := range rec {
		assert.Equal(t, "keyvault", c.Service, c)
		assert.NotContains(t, c.Body, "s3cr3t", "a secret's value is recorded as its digest")
	}
}
