package stage2_test

import (
	"context"
	"go/types"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/migrate/inventory"
)

const armresourcesV3 = "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"

func inventoryOf(t *testing.T, patterns ...string) *inventory.Report {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Tests: true}, patterns...)
	require.NoError(t, err)
	require.Zero(t, packages.PrintErrors(pkgs))
	r, err := inventory.Inventory(pkgs)
	require.NoError(t, err)
	return r
}

// What the inventory names for the side-by-side demo's legacy calls is what
// TestReplacementAgainstFakeCloud calls, from the module version this test
// is built with.
func TestInventoryNamesTheReplacement(t *testing.T) {
	r := inventoryOf(t, "github.com/azcompat/credwrapper/examples/sidebyside")
	mods := moduleVersions(t, armresourcesV3)
	require.Contains(t, mods, armresourcesV3)
	got := map[string]string{}
	for _, p := range r.Packages {
		for _, c := range p.Calls {
			assert.Equal(t, armresourcesV3, c.Module, c.Legacy)
			assert.Equal(t, mods[armresourcesV3].Version, c.Version, c.Legacy)
			assert.Equal(t, "armresources.ResourceGroupsClient", c.Client, c.Legacy)
			assert.Equal(t, "NewResourceGroupsClient", c.Constructor, c.Legacy)
			got[c.Legacy] = c.Method
		}
	}
	assert.Equal(t, map[string]string{
		"resources.NewGroupsClientWithBaseURI":  "",
		"resources.GroupsClient.CreateOrUpdate": "CreateOrUpdate",
		"resources.GroupsClient.Delete":         "BeginDelete",
		"resources.GroupsClient.ListComplete":   "NewListPager",
	}, got)
}

// moduleVersions returns the module and version this module builds each
// package with; a package it does not require is absent.
func moduleVersions(t *testing.T, paths ...string) map[string]*packages.Module {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedModule}, paths...)
	require.NoError(t, err)
	out := map[string]*packages.Module{}
	for _, p := range pkgs {
		if len(p.Errors) == 0 && p.Module != nil {
			out[p.PkgPath] = p.Module
		}
	}
	return out
}

// The calls the inventory names for resources.GroupsClient, written: a
// resource group created, listed with the pager and deleted with the
// poller, with the credential the legacy client used (a credwrapper), on
// the fake cloud.
func TestReplacementAgainstFakeCloud(t *testing.T) {
	ctx := context.Background()
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)

	client, err := armresources.NewResourceGroupsClient(fc.SubscriptionID, w, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	require.NoError(t, err)
	created, err := client.CreateOrUpdate(ctx, "stage2", armresources.ResourceGroup{Location: to.Ptr("westeurope")}, nil)
	require.NoError(t, err)
	assert.Equal(t, "stage2", *created.Name)

	var names []string
	for pager := client.NewListPager(nil); pager.More(); {
		page, err := pager.NextPage(ctx)
		require.NoError(t, err)
		for _, g := range page.Value {
			names = append(names, *g.Name)
		}
	}
	assert.Contains(t, names, "stage2")

	poller, err := client.BeginDelete(ctx, "stage2", nil)
	require.NoError(t, err)
	_, err = poller.PollUntilDone(ctx, nil)
	require.NoError(t, err)
	assert.NotContains(t, fc.ARM.ResourceGroups(fc.SubscriptionID), "stage2")
}

// Every replacement the inventory names for the examples exists in the real
// package, for the modules this module requires; the others are checked
// against the generator's pinned modules (migrate/inventory/gen).
func TestExamplesInventoryAgainstRealPackages(t *testing.T) {
	r := inventoryOf(t, "github.com/azcompat/credwrapper/examples/...")
	require.NotZero(t, r.LegacyCalls)
	var named []string
	for _, p := range r.Packages {
		for _, c := range p.Calls {
			require.NotEmpty(t, c.Package, "%s: %s", c.Pos, c.Message)
			named = append(named, c.Package)
		}
	}
	mods := moduleVersions(t, named...)
	byPkg := map[string][]inventory.Call{}
	for _, p := range r.Packages {
		for _, c := range p.Calls {
			if m := mods[c.Package]; m != nil {
				assert.Equal(t, c.Module, m.Path, c.Legacy)
				byPkg[c.Package] = append(byPkg[c.Package], c)
			}
		}
	}
	require.Contains(t, byPkg, armresourcesV3)
	var paths []string
	for p := range byPkg {
		paths = append(paths, p)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, paths...)
	require.NoError(t, err)
	require.Zero(t, packages.PrintErrors(pkgs))
	checked := 0
	for _, p := range pkgs {
		for _, c := range byPkg[p.PkgPath] {
			typ := strings.TrimPrefix(c.Client, p.Name+".")
			tn, _ := p.Types.Scope().Lookup(typ).(*types.TypeName)
			if !assert.NotNil(t, tn, "%s: no type %s in %s", c.Legacy, typ, p.PkgPath) {
				continue
			}
			if !strings.HasPrefix(c.Constructor, "(") {
				_, ok := p.Types.Scope().Lookup(c.Constructor).(*types.Func)
				assert.True(t, ok, "%s: no function %s in %s", c.Legacy, c.Constructor, p.PkgPath)
			}
			if c.Method != "" {
				sel := types.NewMethodSet(types.NewPointer(tn.Type())).Lookup(p.Types, c.Method)
				assert.NotNil(t, sel, "%s: %s has no method %s", c.Legacy, c.Client, c.Method)
			}
			checked++
		}
	}
	t.Logf("%d of %d legacy calls checked against the packages of this module", checked, r.LegacyCalls)
}
