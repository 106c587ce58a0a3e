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

// A sample is a subset of the requested size, in source order, the same for
// the same seed; 0 or a size past the population gives every mutant.
func TestSample(t *testing.T) {
	var all []placed
	for i := 1; i <= 50; i++ {
		all = append(all, placed{file: "f.go", mutant: mutant{line: i}})
	}
	lineOf := func(ps []placed) []int {
		var out []int
		for _, p := range ps {
			out = append(out, p.line)
		}
		return out
	}
	a := lineOf(sample(all, 10, 7))
	require.Len(t, a, 10)
	assert.IsIncreasing(t, a, "source order, no repeat")
	assert.Equal(t, a, lineOf(sample(all, 10, 7)), "reproducible")
	assert.NotEqual(t, a, lineOf(sample(all, 10, 8)), "another seed, another sample")
	for _, n := range []int{0, 50, 80} {
		assert.Len(t, sample(all, n, 7), 50)
	}
}
