package inventory

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
)

// Every kind of legacy call against the stubs in testdata, with the
// replacement the embedded mapping names: a constructor, a plain method, a
// Page and an Iterator method (pager), a Future method (poller), a method
// the mapping lacks, a service it does not cover, the Key Vault client
// spread over three modules, and the storage client mapped by hand.
// Futures, pages and non-client functions are not counted.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "legacycalls", "stage3", "chained", "mocks", "methodvalues", "secretsonly", "vaultvars", "cgocalls", "retired")
}

// testLoad loads testdata packages, as Main loads a user's.
func testLoad(t *testing.T, patterns ...string) []*packages.Package {
	t.Helper()
	dir := analysistest.TestData()
	pkgs, err := LoadPackages(&packages.Config{
		Dir: filepath.Join(dir, "src"),
		Env: append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off"),
	}, patterns...)
	require.NoError(t, err)
	require.Zero(t, packages.PrintErrors(pkgs))
	return pkgs
}

func TestReport(t *testing.T) {
	r, err := Inventory(testLoad(t, "legacycalls", "stage3"))
	require.NoError(t, err)
	require.Len(t, r.Packages, 1, "stage3 has no legacy call")
	p := r.Packages[0]
	assert.Equal(t, "legacycalls", p.Path)
	assert.Equal(t, 13, r.LegacyCalls)
	assert.Equal(t, 2, r.NoReplacement, "the uncovered service's constructor and method")
	assert.Equal(t, []string{
		"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3 v3.0.1",
		"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets v1.5.1",
		"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob v1.8.3",
	}, r.Modules)
	assert.Equal(t, r.Modules, p.Modules)
	assert.False(t, r.Stage3)
	patterns := map[string]string{}
	for _, c := range p.Calls {
		patterns[c.Legacy] = c.Pattern
	}
	assert.Equal(t, "poller", patterns["resources.GroupsClient.Delete"])
	assert.Equal(t, "pager", patterns["resources.GroupsClient.List"])
	assert.Equal(t, "pager", patterns["resources.GroupsClient.ListComplete"])
	assert.Equal(t, "", patterns["resources.GroupsClient.CreateOrUpdate"])

	var text bytes.Buffer
	r.WriteText(&text)
	out := text.String()
	assert.Contains(t, out, "legacycalls: 13 legacy call(s) left, 2 with no replacement found\n")
	assert.Contains(t, out, "\tadd github.com/Azure/azure-sdk-for-go/sdk/storage/azblob v1.8.3\n")
	assert.Contains(t, out, "13 legacy call(s) left in 1 package(s), 2 with no replacement found; 3 module(s) to add\n")
	assert.NotContains(t, out, "stage 3")
}

func TestReportStage3(t *testing.T) {
	r, err := Inventory(testLoad(t, "stage3"))
	require.NoError(t, err)
	assert.True(t, r.Stage3)
	assert.Zero(t, r.LegacyCalls)
	require.Len(t, r.CredwrapperUses, 1)
	assert.Equal(t, "credwrapper.New", r.CredwrapperUses[0].Name)
	assert.True(t, strings.HasSuffix(r.CredwrapperUses[0].Pos, filepath.Join("stage3", "stage3.go")+":6:65"), r.CredwrapperUses[0].Pos)

	var text bytes.Buffer
	r.WriteText(&text)
	assert.Equal(t, "No legacy client call is left: stage 3 can start (MIGRATION.md).\n"+
		"These credwrapper uses can become the azidentity credential itself:\n"+
		filepath.Join("testdata", "src", "stage3", "stage3.go")+":6:65: credwrapper.New\n", text.String(),
		"a file under the working directory by its relative path")

	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"stage3":true`)
	assert.Contains(t, string(b), `"packages":[]`)
}

func TestMainCommand(t *testing.T) {
	dir := analysistest.TestData()
	old := loadConfig
	t.Cleanup(func() { loadConfig = old })
	loadConfig.Dir = filepath.Join(dir, "src")
	loadConfig.Env = append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off")

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, Main([]string{"-json", "legacycalls"}, &stdout, &stderr), stderr.String())
	var r Report
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &r))
	assert.Equal(t, 13, r.LegacyCalls)
	assert.False(t, r.Stage3)

	stdout.Reset()
	require.Equal(t, 0, Main([]string{"stage3"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "stage 3 can start")

	assert.Equal(t, 2, Main([]string{"-nosuchflag"}, &stdout, &stderr))
	assert.Equal(t, 1, Main([]string{"nosuchpackage/anywhere"}, &stdout, &stderr))
}

// What each defect of a call inventory would get wrong, counted in the
// report: a chained call is two calls; calls through v68's mock interfaces
// are legacy calls (stage 3 cannot start); a method value is counted once,
// where it is taken; a Key Vault client built for secrets needs azsecrets
// alone; a file that imports "C" is read, at its own positions.
func TestReportCounts(t *testing.T) {
	const (
		armresources = "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3 v3.0.1"
		azsecrets    = "github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets v1.5.1"
	)
	for _, tc := range []struct {
		pkg     string
		calls   int
		values  int
		modules []string // nil: not checked
	}{
		{pkg: "chained", calls: 2, modules: []string{armresources}},
		{pkg: "mocks", calls: 3, modules: []string{armresources, azsecrets}},
		{pkg: "methodvalues", calls: 5, values: 4, modules: []string{armresources}},
		{pkg: "secretsonly", calls: 2, modules: []string{azsecrets}},
		{pkg: "vaultvars", calls: 7},
		{pkg: "cgocalls", calls: 2, modules: []string{armresources}},
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			r, err := Inventory(testLoad(t, tc.pkg))
			require.NoError(t, err)
			assert.False(t, r.Stage3)
			require.Len(t, r.Packages, 1)
			assert.Equal(t, tc.calls, r.LegacyCalls)
			values := 0
			for _, c := range r.Packages[0].Calls {
				if c.Value {
					values++
				}
				assert.Contains(t, c.Pos, filepath.Join(tc.pkg, tc.pkg+".go")+":", "a call's position is in the package's own file")
			}
			assert.Equal(t, tc.values, values)
			if tc.modules != nil {
				assert.Equal(t, tc.modules, r.Modules)
			}
		})
	}
}

// A Key Vault constructor whose client calls secrets and certificates names
// both clients, and the report adds both modules (and the keys module for
// the other variable).
func TestReportVaultFamilies(t *testing.T) {
	r, err := Inventory(testLoad(t, "vaultvars"))
	require.NoError(t, err)
	var ctors []Call
	for _, c := range r.Packages[0].Calls {
		if c.Legacy == "keyvault.New" {
			ctors = append(ctors, c)
		}
	}
	require.Len(t, ctors, 3)
	assert.Equal(t, "azkeys.Client", ctors[0].Client)
	assert.Empty(t, ctors[0].Also)
	assert.Equal(t, "azsecrets.Client", ctors[1].Client)
	require.Len(t, ctors[1].Also, 1)
	assert.Equal(t, "azcertificates.Client", ctors[1].Also[0].Client)
	assert.Equal(t, "NewClient", ctors[1].Also[0].Constructor)
	assert.Len(t, ctors[2].Also, 2, "a client passed on: every family the package calls")
	assert.Len(t, r.Modules, 3)
}

// A package loaded without its syntax and types is an error naming it, not
// a panic or an empty result.
func TestAnalyzeNeedsTypes(t *testing.T) {
	_, err := Analyze(&packages.Package{PkgPath: "example.com/bare"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "inventory: example.com/bare: loaded without its syntax and types")

	pkgs := testLoad(t, "chained")
	res, err := Analyze(pkgs[0])
	require.NoError(t, err)
	assert.Len(t, res.Calls, 2)
}
