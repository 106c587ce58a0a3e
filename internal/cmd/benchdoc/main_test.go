package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestShare(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{169.0 / 646, "about a quarter of the time"},
		{0.042, "about 1/24 of the time"},
		{0.09, "about a tenth of the time"},
		{0.3, "about a third of the time"},
		{0.55, "about half the time"},
		{1.1, "about the same time as"},
		{2.5, "about 2.5 times the time"},
	} {
		assert.Equal(t, tc.want, share(tc.v), "%v", tc.v)
	}
}
