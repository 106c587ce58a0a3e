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

// fence matches a fenced block: its info string and its text.
var fence = regexp.MustCompile("(?ms)^```([^\\n]*)\\n(.*?)^```")

// guideBlocks returns the fenced blocks of MIGRATION.md in a language.
func guideBlocks(t *testing.T, lang string) []string {
	t.Helper()
	return fencedBlocks(t, "MIGRATION.md", lang)
}

// fencedBlocks returns the fenced blocks whose info string is exactly lang in
// a document at the repository's root.
func fencedBlocks(t *testing.T, doc, lang string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", doc))
	require.NoError(t, err)
	var out []string
	for _, m := range fence.FindAllStringSubmatch(string(b), -1) {
		if strings.TrimSpace(m[1]) == lang {
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
