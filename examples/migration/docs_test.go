package migration

// The repository's Markdown documents checked as a reader meets them: every
// relative link leads to a file (and heading) that exists, every Go block
// compiles, every test a document cites exists, and SECURITY.md's "every
// package's TestMain runs goleak" holds for every package with tests.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// root is the repository's root, from this package's directory.
var root = filepath.Join("..", "..")

// walkRepo calls fn for every file of the repository (all modules), leaving
// out version control, installed tools, test inputs and build output.
func walkRepo(t *testing.T, fn func(path string)) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch name := d.Name(); {
			case p == root:
			case name == "node_modules", name == "testdata", strings.HasPrefix(name, "."):
				return filepath.SkipDir
			}
			return nil
		}
		fn(p)
		return nil
	})
	require.NoError(t, err)
}

// markdownFiles returns every Markdown document of the repository.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	var docs []string
	walkRepo(t, func(p string) {
		if strings.HasSuffix(p, ".md") {
			docs = append(docs, p)
		}
	})
	require.NotEmpty(t, docs)
	return docs
}

// testFuncs returns the names of the functions declared in the _test.go
// files of the repository.
func testFuncs(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	walkRepo(t, func(p string) {
		if strings.HasSuffix(p, "_test.go") {
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			for _, m := range funcDecl.FindAllStringSubmatch(string(b), -1) {
				names[m[1]] = true
			}
		}
	})
	return names
}

var funcDecl = regexp.MustCompile(`(?m)^func (\w+)\(`)

var (
	inlineCode = regexp.MustCompile("`[^`\n]*`")
	link       = regexp.MustCompile(`\[[^\]\n]*\]\(([^)\s]+)\)`)
	heading    = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.+?)[ \t]*$`)
)

// prose returns a document without its fenced blocks and inline code, where
// brackets and parentheses are not links.
func prose(doc string) string {
	doc = fence.ReplaceAllString(doc, "")
	return inlineCode.ReplaceAllString(doc, "``")
}

// anchor is the fragment GitHub gives a heading: lower case, punctuation
// dropped, spaces as hyphens.
func anchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors returns the fragments of a document's headings, a repeated one
// numbered as GitHub numbers it.
func anchors(doc string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, m := range heading.FindAllStringSubmatch(fence.ReplaceAllString(doc, ""), -1) {
		a := anchor(m[1])
		if n := seen[a]; n > 0 {
			out[a+"-"+strconv.Itoa(n)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out
}

func TestAnchor(t *testing.T) {
	for _, tc := range []struct{ heading, want string }{
		{"What replaces what", "what-replaces-what"},
		{"The `auth` twin's authorizer", "the-auth-twins-authorizer"},
		{"Continuous Access Evaluation (CAE)", "continuous-access-evaluation-cae"},
		{"Event Hubs (azure-event-hubs-go/v3) and Service Bus", "event-hubs-azure-event-hubs-gov3-and-service-bus"},
		{"v0.1.0 - 2026-12-02", "v010---2026-12-02"},
	} {
		assert.Equal(t, tc.want, anchor(tc.heading), tc.heading)
	}
	got := anchors("# A\n## A\n```\n# B\n```\n### A\n")
	assert.Equal(t, map[string]bool{"a": true, "a-1": true, "a-2": true}, got)
}

// Every relative link of every document leads to a file that exists and, with
// a fragment, to a heading of that file.
func TestDocLinksResolve(t *testing.T) {
	docs := markdownFiles(t)
	checked := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(prose(string(b)), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			checked++
			file, frag, _ := strings.Cut(target, "#")
			path := doc
			if file != "" {
				path = filepath.Join(filepath.Dir(doc), filepath.FromSlash(file))
			}
			if _, err := os.Stat(path); err != nil {
				assert.Fail(t, "dead link", "%s links to %s: %v", doc, target, err)
				continue
			}
			if frag == "" {
				continue
			}
			require.True(t, strings.HasSuffix(path, ".md"), "%s links to a fragment of %s, not a document", doc, target)
			tb, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.True(t, anchors(string(tb))[frag], "%s links to %s: no such heading", doc, target)
		}
	}
	assert.Greater(t, checked, 5, "relative links checked")
}

// fragmentInfo marks a Go block that is deliberately not a whole piece of
// code (a signature, a line out of context). They must stay few.
const fragmentInfo = "go fragment"

// Every Go block of every document is a piece of the code in this package,
// which compiles (and, for the examples with Output, runs): so every block
// compiles. Blocks marked "go fragment" are exempt, and at most two.
func TestDocGoBlocksCompile(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var sources [][]string
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		sources = append(sources, normalize(string(b)))
	}
	blocks, fragments := 0, 0
	for _, doc := range markdownFiles(t) {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, m := range fence.FindAllStringSubmatch(string(b), -1) {
			switch info := strings.TrimSpace(m[1]); {
			case info == fragmentInfo:
				fragments++
				continue
			case info != "go" && !strings.HasPrefix(info, "go "):
				continue
			}
			blocks++
			lines := normalize(m[2])
			found := slices.ContainsFunc(sources, func(src []string) bool { return containsRun(src, lines) })
			assert.True(t, found, "a Go block of %s is not in examples/migration (copy it into a function there, or mark it %q):\n%s", doc, fragmentInfo, m[2])
		}
	}
	assert.GreaterOrEqual(t, blocks, 12, "Go blocks checked")
	assert.LessOrEqual(t, fragments, 2, "Go blocks marked %q", fragmentInfo)
}

// citedName is a test, benchmark, fuzz target or example named in a document.
var citedName = regexp.MustCompile(`\b(?:Test|Benchmark|Fuzz|Example)[A-Z_]\w*`)

// Every test, benchmark, fuzz target and example the documents cite exists in
// the _test.go files of one of the modules.
func TestDocCitedTestsExist(t *testing.T) {
	funcs := testFuncs(t)
	total := 0
	for _, doc := range []string{"README.md", "SECURITY.md", "BENCHMARKS.md", "MIGRATION.md", "CHANGELOG.md"} {
		b, err := os.ReadFile(filepath.Join(root, doc))
		require.NoError(t, err)
		for _, name := range citedName.FindAllString(string(b), -1) {
			total++
			assert.True(t, funcs[name], "%s cites %s, which no _test.go file declares", doc, name)
		}
	}
	assert.Greater(t, total, 40, "cited names checked")
}

// SECURITY.md promises that every package's TestMain runs goleak: every
// directory of every module holding tests has a TestMain that calls goleak.
func TestEveryTestedPackageChecksLeaks(t *testing.T) {
	tested := map[string][]string{} // directory -> its _test.go files
	walkRepo(t, func(p string) {
		if strings.HasSuffix(p, "_test.go") {
			tested[filepath.Dir(p)] = append(tested[filepath.Dir(p)], p)
		}
	})
	require.Greater(t, len(tested), 15, "packages with tests")
	for dir, files := range tested {
		assert.True(t, slices.ContainsFunc(files, func(f string) bool { return testMainCallsGoleak(t, f) }),
			"%s has tests but no TestMain calling goleak", dir)
	}
}

// testMainCallsGoleak reports whether a file declares a TestMain that calls
// a function of go.uber.org/goleak.
func testMainCallsGoleak(t *testing.T, file string) bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	name := "goleak"
	for _, imp := range f.Imports {
		if imp.Path.Value == `"go.uber.org/goleak"` && imp.Name != nil {
			name = imp.Name.Name
		}
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || fn.Name.Name != "TestMain" || fn.Body == nil {
			continue
		}
		calls := false
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
						calls = true
					}
				}
			}
			return !calls
		})
		return calls
	}
	return false
}

// benchdocMarker is a figure or table that internal/cmd/benchdoc writes.
var benchdocMarker = regexp.MustCompile(`(?s)<!-- benchdoc:([\w:]+) -->(.*?)<!-- /benchdoc -->`)

// The figures README.md and BENCHMARKS.md share come from one benchdoc run:
// every marker holds a value, and a figure marked in both holds the same one.
func TestBenchdocFiguresAgree(t *testing.T) {
	seen := map[string]string{}
	for _, doc := range []string{"README.md", "BENCHMARKS.md"} {
		b, err := os.ReadFile(filepath.Join(root, doc))
		require.NoError(t, err)
		ms := benchdocMarker.FindAllStringSubmatch(string(b), -1)
		require.NotEmpty(t, ms, doc)
		for _, m := range ms {
			name, value := m[1], strings.TrimSpace(m[2])
			assert.NotContains(t, []string{"", "?"}, value, "%s: benchdoc marker %s is empty: run go run ./internal/cmd/benchdoc", doc, name)
			if prev, ok := seen[name]; ok {
				assert.Equal(t, prev, value, "%s: %s differs between the documents", doc, name)
			}
			seen[name] = value
		}
	}
}
