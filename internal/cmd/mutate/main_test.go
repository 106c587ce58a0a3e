package main

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const src = `package p

func f(r *R, n int) (int, error) {
	x := n
	r.Stop()
	x = x + 1
	x++
	defer r.Close()
	go r.Run()
	if x > 3 {
		return 0, errTooMany
	}
	for i := 0; i < n; i++ {
		r.Step(i)
	}
	return x, nil
}
`

// One mutant per deletable statement, nested ones too; declarations,
// returns and loops are kept; each mutant still parses.
func TestMutants(t *testing.T) {
	ms, err := mutants([]byte(src))
	require.NoError(t, err)
	var got []string
	for _, m := range ms {
		got = append(got, m.stmt)
		_, err := parser.ParseFile(token.NewFileSet(), "", m.src, 0)
		assert.NoError(t, err, "the mutant without %q parses", m.stmt)
		assert.NotContains(t, string(m.src), m.stmt, "deleted")
	}
	assert.Equal(t, []string{"r.Stop()", "x = x + 1", "x++", "defer r.Close()", "go r.Run()", "if x > 3 {", "r.Step(i)"}, got)
	assert.Equal(t, []int{5, 6, 7, 8, 9, 10, 14}, lines(ms))
}

func lines(ms []mutant) []int {
	var out []int
	for _, m := range ms {
		out = append(out, m.line)
	}
	return out
}

func TestMutantsOfUnparsable(t *testing.T) {
	_, err := mutants([]byte("package p\nfunc {"))
	assert.Error(t, err)
}
