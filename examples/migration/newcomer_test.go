package migration

// What a new user meets first, checked: the README's quick start uses the
// clients and module versions the inventory recommends, credwrapper-migrate
// -h lists every flag the command defines, and every Example that can run
// offline runs, its output checked.

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"

	"github.com/azcompat/credwrapper/examples/internal/child"
	"github.com/azcompat/credwrapper/migrate/inventory"
)

// quickStart returns the first Go block of README.md's "Quick start",
// parsed.
func quickStart(t *testing.T) *ast.File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(b), "\n## Quick start\n")
	require.True(t, ok, "README.md has a Quick start")
	section, _, _ = strings.Cut(section, "\n## ")
	m := fence.FindStringSubmatch(section)
	require.NotNil(t, m, "the Quick start has a Go block")
	require.Equal(t, "go", strings.TrimSpace(m[1]))
	f, err := parser.ParseFile(token.NewFileSet(), "quickstart.go", "package quickstart\n"+m[2], 0)
	require.NoError(t, err)
	return f
}

// The quick start's new client is the one the inventory recommends for its
// legacy client, from the same module (one major version: the inventory's),
// and this module, where readme_test.go compiles the quick start, builds it
// at the version the inventory names.
func TestQuickStartUsesTheInventorysModule(t *testing.T) {
	f := quickStart(t)
	m, err := inventory.Load()
	require.NoError(t, err)
	imports := map[string]string{} // package name -> import path
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		require.NoError(t, err)
		imports[pkgName(p)] = p
	}
	goMod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	require.NoError(t, err)
	mf, err := modfile.Parse("go.mod", goMod, nil)
	require.NoError(t, err)
	required := map[string]string{}
	for _, r := range mf.Require {
		required[r.Mod.Path] = r.Mod.Version
	}

	checked := 0
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || m.Legacy[imports[id.Name]] == nil {
			return true
		}
		lc := m.Legacy[imports[id.Name]][sel.Sel.Name]
		if lc == nil || lc.Client < 0 {
			return true // a constructor, or a type the map does not name
		}
		checked++
		c := m.Clients[lc.Client]
		mod := m.Modules[c.Module]
		newName := pkgName(c.Package)
		assert.Equal(t, c.Package, imports[newName],
			"the quick start's %s.%s: the inventory recommends %s.%s from %s", id.Name, sel.Sel.Name, newName, c.Type, c.Package)
		assert.Equal(t, mod.Version, required[mod.Path],
			"examples/go.mod, which compiles the quick start, requires %s at the inventory's version", mod.Path)
		return true
	})
	assert.Positive(t, checked, "legacy clients of the quick start found in the map")
}

// majorSuffix is a module's major version suffix.
var majorSuffix = regexp.MustCompile(`/v\d+$`)

// pkgName is the name of the package at an import path, as the SDKs name
// them: the last element, before a major version suffix.
func pkgName(path string) string {
	return filepath.Base(majorSuffix.ReplaceAllString(path, ""))
}

// flagDefiners are the flag package's functions and methods that define a
// flag, and the index of the flag's name among their arguments.
var flagDefiners = map[string]int{
	"Bool": 0, "String": 0, "Int": 0, "Int64": 0, "Uint": 0, "Uint64": 0, "Float64": 0, "Duration": 0,
	"Func": 0, "BoolFunc": 0,
	"BoolVar": 1, "StringVar": 1, "IntVar": 1, "Int64Var": 1, "UintVar": 1, "Uint64Var": 1,
	"Float64Var": 1, "DurationVar": 1, "TextVar": 1, "Var": 1,
}

// commandFlags returns the flags the command's own code defines (those of
// the checker it runs, such as -fix, are x/tools').
func commandFlags(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, dir := range []string{"cmd/credwrapper-migrate", "migrate", "migrate/inventory", "migrate/rewrite"} {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		require.NoError(t, err)
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
			require.NoError(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				i, ok := flagDefiners[sel.Sel.Name]
				if !ok || len(call.Args) < 3 {
					return true
				}
				if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					name, err := strconv.Unquote(lit.Value)
					require.NoError(t, err)
					if !slices.Contains(names, name) {
						names = append(names, name)
					}
				}
				return true
			})
		}
	}
	slices.Sort(names)
	return names
}

// credwrapper-migrate -h lists every flag the command defines, -inventory's
// included.
func TestHelpListsEveryFlag(t *testing.T) {
	names := commandFlags(t)
	require.Contains(t, names, "inventory")
	require.Contains(t, names, "json")

	repo, err := filepath.Abs(root)
	require.NoError(t, err)
	tool := filepath.Join(t.TempDir(), "credwrapper-migrate")
	r := child.Run(t, 5*time.Minute, repo, nil, "go", "build", "-o", tool, "./cmd/credwrapper-migrate")
	require.Zero(t, r.Code, r.Stdout+r.Stderr)
	r = child.Run(t, time.Minute, t.TempDir(), nil, tool, "-h")
	help := r.Stdout + r.Stderr
	require.Contains(t, help, "Usage: credwrapper-migrate")
	for _, name := range names {
		assert.Regexp(t, `(?m)^  -`+regexp.QuoteMeta(name)+`\b`, help, "-h lists -%s", name)
	}
}

// outputExceptions are the Examples that have no // Output: comment, and
// why they cannot run offline.
var outputExceptions = map[string]string{}

func init() {
	const migrationBlocks = "a code block of MIGRATION.md, compiled verbatim: it builds credentials for real Azure"
	for _, name := range []string{"auxiliaryTenants", "cae", "fromTokenProvider", "keyVault", "legacyBlob",
		"legacyEventHubs", "legacyQueue", "legacyServiceBus", "logger", "oneLineFix", "stage1AuthImport",
		"stage1CLIRefreshing", "stage1New", "stage2AuthCredential", "stage3Remove"} {
		outputExceptions["examples/migration: Example_"+name] = migrationBlocks
	}
}

// Every Example function of every module runs (it has an // Output:
// comment, so go test runs it and checks what it prints), unless listed in
// outputExceptions with the reason it cannot run offline.
func TestEveryExampleHasOutput(t *testing.T) {
	byDir := map[string][]*ast.File{}
	fset := token.NewFileSet()
	walkRepo(t, func(p string) {
		if strings.HasSuffix(p, "_test.go") {
			f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
			require.NoError(t, err)
			rel, err := filepath.Rel(root, filepath.Dir(p))
			require.NoError(t, err)
			byDir[filepath.ToSlash(rel)] = append(byDir[filepath.ToSlash(rel)], f)
		}
	})
	total, listed := 0, 0
	for dir, files := range byDir {
		for _, ex := range doc.Examples(files...) {
			total++
			key := dir + ": Example" + ex.Name
			if _, ok := outputExceptions[key]; ok {
				listed++
				assert.True(t, ex.Output == "" && !ex.EmptyOutput, "%s has an // Output: now: take it off outputExceptions", key)
				continue
			}
			assert.True(t, ex.Output != "" || ex.EmptyOutput,
				"%s has no // Output: comment, so it compiles but never runs: run it offline against the fakes and give its output, or list it in outputExceptions with the reason it cannot", key)
		}
	}
	assert.Equal(t, len(outputExceptions), listed, "every exception names an Example that exists")
	assert.Greater(t, total, 30, "Examples found")
}
