package migration

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var fence = regexp.MustCompile("(?ms)^```(\\w*)\\n(.*?)^```")

// guideBlocks returns the fenced blocks of MIGRATION.md in a language.
func guideBlocks(t *testing.T, lang string) []string {
	t.Helper()
	return fencedBlocks(t, "MIGRATION.md", lang)
}

// fencedBlocks returns the fenced blocks in a language of a document at the
// repository's root.
func fencedBlocks(t *testing.T, doc, lang string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", doc))
	require.NoError(t, err)
	var out []string
	for _, m := range fence.FindAllStringSubmatch(string(b), -1) {
		if m[1] == lang {
			out = append(out, m[2])
		}
	}
	return out
}

// normalize trims every line and drops empty ones.
func normalize(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func containsRun(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		match := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// Every Go block of MIGRATION.md is a piece of the code in this package, which
// compiles (and, for the examples with Output, runs): so every block compiles.
func TestGuideCodeBlocksCompile(t *testing.T) {
	blocks := guideBlocks(t, "go")
	require.GreaterOrEqual(t, len(blocks), 10)
	// and every Go block of the README (readme_test.go)
	readme := fencedBlocks(t, "README.md", "go")
	require.NotEmpty(t, readme)
	blocks = append(blocks, readme...)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var sources [][]string
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		sources = append(sources, normalize(string(b)))
	}
	for i, block := range blocks {
		lines := normalize(block)
		found := false
		for _, src := range sources {
			found = found || containsRun(src, lines)
		}
		assert.True(t, found, "Go block %d (MIGRATION.md, then README.md) is not in examples/migration:\n%s", i+1, block)
	}
}

// The compiler error the guide quotes is the one Go prints for the mistake.
func TestGuideErrorMessage(t *testing.T) {
	texts := guideBlocks(t, "text")
	require.NotEmpty(t, texts)
	want := strings.TrimSpace(texts[0])
	dir, err := os.MkdirTemp("testdata", "errbuild-")
	if os.IsNotExist(err) {
		require.NoError(t, os.Mkdir("testdata", 0o755))
		dir, err = os.MkdirTemp("testdata", "errbuild-")
	}
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(`package main

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
)

func main() {
	cred, _ := azidentity.NewDefaultAzureCredential(nil)
	groups := resources.NewGroupsClient("subscription-id")
	groups.Authorizer = cred
	_ = groups
}
`), 0o644))
	out, err := exec.Command("go", "vet", "./"+filepath.ToSlash(dir)).CombinedOutput()
	require.Error(t, err, "the mistake must not compile")
	assert.Contains(t, string(out), want)
}

// Every test SECURITY.md cites for a promise exists.
func TestSecurityClaimsHaveTests(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "SECURITY.md"))
	require.NoError(t, err)
	names := regexp.MustCompile("`((?:Test|Fuzz|Example)\\w+)`").FindAllStringSubmatch(string(doc), -1)
	require.NotEmpty(t, names)
	var sources strings.Builder
	err = filepath.WalkDir(filepath.Join("..", ".."), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, "_test.go") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sources.Write(b)
		}
		return nil
	})
	require.NoError(t, err)
	for _, m := range names {
		assert.Contains(t, sources.String(), "func "+m[1]+"(", "SECURITY.md cites %s", m[1])
	}
}
