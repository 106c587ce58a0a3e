package printcheck

import (
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "the-secret-value"

// pointerOnly prints its description only through a pointer: held by value,
// it prints its secret, the defect the check is for.
type pointerOnly struct{ secret string }

func (p *pointerOnly) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, "pointerOnly{}") }

// valueReceiver prints its description however it is held.
type valueReceiver struct{ secret string }

func (v valueReceiver) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, "valueReceiver{}") }

// bytesHolder keeps its secret as bytes, printed as numbers or hex.
type bytesHolder struct{ key []byte }

// panicking panics when printed.
type panicking struct{}

func (panicking) String() string { panic("boom") }

func TestCheckValue(t *testing.T) {
	const path = "github.com/azcompat/credwrapper/internal/printcheck"
	for _, tc := range []struct {
		name  string
		v     any
		want  []string // forms (and verbs) that must be reported
		clean bool
	}{
		{"pointerOnly", &pointerOnly{secret}, []string{"pointerOnly value under %v", "pointerOnly field under %+v"}, false},
		{"valueReceiver", valueReceiver{secret}, nil, true},
		{"valueReceiver", &valueReceiver{secret}, nil, true},
		{"bytesHolder", bytesHolder{[]byte(secret)}, []string{"bytesHolder value under %v: printed secret 0 bytes", "bytesHolder pointer under %x: printed secret 0 hex", "bytesHolder value under %#v: printed secret 0 Go bytes", "bytesHolder value under %X: printed secret 0 HEX"}, false},
		{"panicking", panicking{}, []string{"panicking value under %v: printing panicked"}, false},
	} {
		problems := checkValue(t, path, tc.name, tc.v, []string{secret}, true)
		if tc.clean {
			assert.Empty(t, problems, "%T", tc.v)
			continue
		}
		for _, w := range tc.want {
			found := false
			for _, p := range problems {
				found = found || len(p) >= len(w) && p[:len(w)] == w
			}
			assert.True(t, found, "%T: want a problem starting %q in %q", tc.v, w, problems)
		}
	}
}

func TestExportedTypes(t *testing.T) {
	pkg := Load(t, ".")
	require.Equal(t, "printcheck", pkg.Name())
	assert.Equal(t, []string{"Case"}, ExportedTypes(pkg), "unexported and test types are not listed")
}

func TestContains(t *testing.T) {
	for _, out := range []string{
		"x the-secret-value y",
		fmt.Sprintf("%x", secret), fmt.Sprintf("%X", secret),
		fmt.Sprint([]byte(secret)), fmt.Sprintf("%#v", []byte(secret)), fmt.Sprintf("%d", []byte(secret)),
	} {
		_, ok := contains(out, secret)
		assert.True(t, ok, out)
	}
	_, ok := contains("the-secret-valu", secret)
	assert.False(t, ok)
}
