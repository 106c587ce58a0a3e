package rewrite

import (
	"go/format"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Each construct's rewrite, against its golden file: every package of the
// testdata module (but deps) is analyzed by the Analyzer, as a driver such
// as gopls runs it; each diagnostic must be announced by a
// // want `regexp` comment on its line, and each want met; the file's
// suggested fix, applied and formatted, must give the .golden file (a file
// without one must get no fix).
//
// This is analysistest's protocol, with one difference: the packages'
// dependencies are read from export data, not type-checked from source, so
// that the legacy and new SDKs' largest packages cost one compilation
// (cached by the go command) instead of a type-check per package and per
// run, under -race.
func TestGolden(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	require.NoError(t, err)
	fetchTestdataModules(t)
	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedTypesSizes | packages.NeedImports,
		Dir: dir,
	}, "./...")
	require.NoError(t, err)
	ran := 0
	for _, p := range pkgs {
		if p.Name == "deps" {
			continue
		}
		ran++
		t.Run(p.Name, func(t *testing.T) {
			for _, e := range p.Errors {
				t.Fatalf("loading %s: %v", p.PkgPath, e)
			}
			golden(t, p)
		})
	}
	assert.GreaterOrEqual(t, ran, 3, "the testdata module's packages")
}

func golden(t *testing.T, p *packages.Package) {
	var diags []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer:   Analyzer,
		Fset:       p.Fset,
		Files:      p.Syntax,
		Pkg:        p.Types,
		TypesInfo:  p.TypesInfo,
		TypesSizes: p.TypesSizes,
		ResultOf:   map[*analysis.Analyzer]any{},
		ReadFile:   os.ReadFile,
		Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
	}
	_, err := Analyzer.Run(pass)
	require.NoError(t, err)

	// Each diagnostic against the wants of its line.
	wants := map[string][]*regexp.Regexp{} // "file:line" -> patterns
	for _, f := range p.Syntax {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				text, ok := strings.CutPrefix(c.Text, "// want ")
				if !ok {
					continue
				}
				pos := p.Fset.Position(c.Pos())
				key := pos.Filename + ":" + strconv.Itoa(pos.Line)
				for _, lit := range wantLiterals(t, pos, text) {
					re, err := regexp.Compile(lit)
					require.NoError(t, err, "%s: want %q", pos, lit)
					wants[key] = append(wants[key], re)
				}
			}
		}
	}
	edits := map[string][]analysis.TextEdit{}
	for _, d := range diags {
		pos := p.Fset.Position(d.Pos)
		key := pos.Filename + ":" + strconv.Itoa(pos.Line)
		matched := false
		for i, re := range wants[key] {
			if re.MatchString(d.Message) {
				wants[key] = append(wants[key][:i], wants[key][i+1:]...)
				matched = true
				break
			}
		}
		assert.True(t, matched, "%s: unexpected diagnostic: %s", pos, d.Message)
		for _, fix := range d.SuggestedFixes {
			for _, e := range fix.TextEdits {
				name := p.Fset.Position(e.Pos).Filename
				edits[name] = append(edits[name], e)
			}
		}
	}
	for key, left := range wants {
		for _, re := range left {
			t.Errorf("%s: no diagnostic matched %q", key, re)
		}
	}

	// Each file's fix against its golden file.
	for _, f := range p.Syntax {
		name := p.Fset.Position(f.Pos()).Filename
		want, err := os.ReadFile(name + ".golden")
		if os.IsNotExist(err) {
			assert.Empty(t, edits[name], "%s: a suggested fix, but no golden file", name)
			continue
		}
		require.NoError(t, err)
		if w, err := format.Source(want); err == nil {
			want = w // as analysistest compares them
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		es := edits[name]
		sort.SliceStable(es, func(i, j int) bool { return es[i].Pos < es[j].Pos })
		got, err := apply(p.Fset, src, es)
		require.NoError(t, err, name)
		got, err = format.Source(got)
		require.NoError(t, err, "%s: the fixed file does not parse", name)
		assert.Equal(t, string(want), string(got), "%s: the fixed file against its golden file", name)
	}
}

// wantLiterals reads the Go string literals of a want comment, separated
// by spaces.
func wantLiterals(t *testing.T, pos token.Position, text string) []string {
	t.Helper()
	var out []string
	rest := strings.TrimSpace(text)
	for rest != "" {
		q := rest[0]
		require.True(t, q == '`' || q == '"', "%s: want %s: not a string literal", pos, rest)
		end := 1
		for end < len(rest) && (rest[end] != q || q == '"' && rest[end-1] == '\\') {
			end++
		}
		require.Less(t, end, len(rest), "%s: want %s: unterminated", pos, rest)
		s, err := strconv.Unquote(rest[:end+1])
		require.NoError(t, err, "%s: want %s", pos, rest)
		out = append(out, s)
		rest = strings.TrimSpace(rest[end+1:])
	}
	return out
}

// fetchTestdataModules downloads the modules the testdata module needs and
// builds their export data: the test passes on an empty module cache.
func fetchTestdataModules(t *testing.T) {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "./...")
	cmd.Dir = "testdata"
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
}
