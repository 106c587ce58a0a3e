package inventory

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every "no replacement" in the map says why, with one of the documented
// reasons, and every service entry has a known status.
func TestEveryNoReplacementHasAReason(t *testing.T) {
	m, err := Load()
	require.NoError(t, err)
	reasons := map[string]bool{ReasonDropped: true, ReasonRetired: true, ReasonNoModule: true}
	n := 0
	for pkg, types := range m.Legacy {
		for typ, lc := range types {
			if lc.Client < 0 {
				assert.True(t, reasons[lc.Reason], "%s.%s: no replacement, reason %q", pkg, typ, lc.Reason)
			}
			for name, tg := range lc.Methods {
				if tg.Client < 0 {
					n++
					assert.True(t, reasons[tg.Reason], "%s.%s.%s: no replacement, reason %q", pkg, typ, name, tg.Reason)
				} else {
					assert.Empty(t, tg.Reason, "%s.%s.%s: a reason on a mapped method", pkg, typ, name)
				}
			}
		}
	}
	require.NotEmpty(t, m.Services)
	for dir, s := range m.Services {
		assert.True(t, s.Status == StatusMapped || reasons[s.Status], "%s: status %q", dir, s.Status)
		if s.Status != StatusMapped {
			assert.NotEmpty(t, s.Note, "%s: no note", dir)
		}
	}
	t.Logf("%d methods without a replacement, each with its reason", n)
}

func TestService(t *testing.T) {
	m, err := Load()
	require.NoError(t, err)
	for _, tc := range []struct {
		pkg, dir, status, repl string
	}{
		{v68Services + "graphrbac/1.6/graphrbac", "services/graphrbac", ReasonRetired, "github.com/microsoftgraph/msgraph-sdk-go"},
		{v68Services + "keyvault/2015-06-01/keyvault", "services/keyvault/2015-06-01", StatusMapped, ""},
		{v68Services + "operationalinsights/v1/operationalinsights", "services/operationalinsights/v1", StatusMapped, ""},
		{v68Services + "batch/2020-09-01.12.0/batch", "services/batch/2020-09-01.12.0", StatusMapped, ""},
		{v68Services + "preview/appinsights/v1/insights", "services/preview/appinsights/v1", ReasonNoModule, "github.com/Azure/azure-sdk-for-go/sdk/monitor/query/azlogs"},
	} {
		dir, s := m.Service(tc.pkg)
		require.NotNil(t, s, tc.pkg)
		assert.Equal(t, tc.dir, dir, tc.pkg)
		assert.Equal(t, tc.status, s.Status, tc.pkg)
		if tc.repl != "" {
			assert.Contains(t, s.Replacements, tc.repl, tc.pkg)
		}
	}
	_, s := m.Service("github.com/Azure/azure-storage-blob-go/azblob")
	assert.Nil(t, s)
	_, s = m.Service(v68Services + "aad/mgmt/2017-04-01/aad")
	assert.Nil(t, s, "a management service whose module the generator does not read has no entry")
}

// target names a method's replacement as "package.Type.Method".
func target(m *Mapping, tg Target) string {
	if tg.Client < 0 {
		return "none: " + tg.Reason
	}
	c := m.Clients[tg.Client]
	return packageName(c.Package) + "." + c.Type + "." + tg.Method
}

// The operations addressed by ID alone go to their own service's client,
// with their kind (a synchronous DeleteByID stays synchronous).
func TestByIDOperations(t *testing.T) {
	m, err := Load()
	require.NoError(t, err)
	rm := v68Services + "resources/mgmt/"
	for _, tc := range []struct{ pkg, typ, method, want string }{
		{rm + "2019-09-01/policy", "AssignmentsClient", "GetByID", "armpolicy.AssignmentsClient.GetByID"},
		{rm + "2019-09-01/policy", "AssignmentsClient", "DeleteByID", "armpolicy.AssignmentsClient.DeleteByID"},
		{rm + "2019-09-01/policy", "AssignmentsClient", "CreateByID", "armpolicy.AssignmentsClient.CreateByID"},
		{rm + "2016-09-01/links", "ResourceLinksClient", "Get", "armlinks.ResourceLinksClient.Get"},
		{rm + "2016-09-01/links", "ResourceLinksClient", "Delete", "armlinks.ResourceLinksClient.Delete"},
		{rm + "2019-07-01/managedapplications", "ApplicationsClient", "GetByID", "armmanagedapplications.ApplicationsClient.GetByID"},
		{rm + "2019-07-01/managedapplications", "ApplicationsClient", "DeleteByID", "armmanagedapplications.ApplicationsClient.BeginDeleteByID"},
		{rm + "2019-05-01/resources", "Client", "GetByID", "armresources.Client.GetByID"},
		{rm + "2015-11-01/resources", "PolicyAssignmentsClient", "DeleteByID", "armpolicy.AssignmentsClient.DeleteByID"},
		{rm + "2017-09-01/managedapplications", "ApplicationDefinitionsClient", "GetByID", "none: dropped"},
	} {
		lc := m.Legacy[tc.pkg][tc.typ]
		require.NotNil(t, lc, "%s.%s", tc.pkg, tc.typ)
		assert.Equal(t, tc.want, target(m, lc.Methods[tc.method]), "%s.%s.%s", tc.pkg, tc.typ, tc.method)
	}
	// Only the generic resources client (resources.Client, and the copy
	// v68's features 2019-07-01 carries as ResourcesClient) maps to the
	// generic by-ID methods of armresources.Client.
	for pkg, types := range m.Legacy {
		for typ, lc := range types {
			if (strings.HasSuffix(pkg, "/resources") && typ == "Client") || typ == "ResourcesClient" {
				continue
			}
			for name, tg := range lc.Methods {
				got := target(m, tg)
				assert.False(t, strings.HasPrefix(got, "armresources.Client.") && strings.Contains(got, "ByID"), "%s.%s.%s: %s", pkg, typ, name, got)
			}
		}
	}
}

// The Key Vault BaseClient's methods each go to their family's module, and
// the client lists the three as candidates, with the note on the vault URL.
func TestKeyVaultFamilies(t *testing.T) {
	m, err := Load()
	require.NoError(t, err)
	for _, v := range []string{"2015-06-01", "2016-10-01", "v7.0", "v7.1"} {
		pkg := v68Services + "keyvault/" + v + "/keyvault"
		lc := m.Legacy[pkg]["BaseClient"]
		require.NotNil(t, lc, pkg)
		var cands []string
		for _, c := range lc.Candidates {
			cands = append(cands, packageName(m.Clients[c].Package))
		}
		assert.ElementsMatch(t, []string{"azsecrets", "azkeys", "azcertificates"}, cands, pkg)
		assert.Contains(t, lc.Note, "NewClient", pkg)
		for method, want := range map[string]string{
			"GetSecret": "azsecrets.Client.GetSecret", "SetSecret": "azsecrets.Client.SetSecret",
			"GetKey": "azkeys.Client.GetKey", "Sign": "azkeys.Client.Sign",
			"GetCertificate": "azcertificates.Client.GetCertificate",
		} {
			assert.Equal(t, want, target(m, lc.Methods[method]), "%s.%s", pkg, method)
		}
	}
}

// MIGRATION.md shows the coverage report's summary, byte for byte, and the
// report's mapped and dropped figures are the embedded map's.
func TestCoverageSummary(t *testing.T) {
	report, err := os.ReadFile("coverage.md")
	require.NoError(t, err)
	guide, err := os.ReadFile("../../MIGRATION.md")
	require.NoError(t, err)
	block := regexp.MustCompile(`(?s)<!-- coverage summary: generated by migrate/inventory/gen -->.*?<!-- end of coverage summary -->`)
	summary := block.Find(report)
	require.NotNil(t, summary, "coverage.md has no summary")
	assert.Equal(t, string(summary), string(block.Find(guide)), "MIGRATION.md's coverage table is not coverage.md's summary: copy it")

	m, err := Load()
	require.NoError(t, err)
	mapped, dropped := 0, 0
	for pkg, types := range m.Legacy {
		if !strings.HasPrefix(pkg, v68Services) {
			continue
		}
		for _, lc := range types {
			for _, tg := range lc.Methods {
				switch {
				case tg.Client >= 0:
					mapped++
				case tg.Reason == ReasonDropped:
					dropped++
				}
			}
		}
	}
	figure := func(row string) int {
		r := regexp.MustCompile(fmt.Sprintf(`\| %s \| (\d+) \|`, regexp.QuoteMeta(row))).FindSubmatch(summary)
		require.NotNil(t, r, row)
		n, err := strconv.Atoi(string(r[1]))
		require.NoError(t, err)
		return n
	}
	assert.Equal(t, mapped, figure("mapped"))
	assert.Equal(t, dropped, figure("operation dropped"))
}
