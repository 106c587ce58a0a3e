package inventory

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The embedded mapping decodes, every index in it points somewhere, and it
// covers the services the inventory promises.
func TestEmbeddedMapping(t *testing.T) {
	m, err := Load()
	require.NoError(t, err)
	assert.Empty(t, m.Unread, "the generator could not read some modules")
	for i, c := range m.Clients {
		require.True(t, c.Module >= 0 && c.Module < len(m.Modules), "client %d: module %d", i, c.Module)
		assert.NotEmpty(t, c.Constructor, "%s.%s has no constructor", c.Package, c.Type)
		assert.True(t, strings.HasPrefix(c.Package, m.Modules[c.Module].Path), "%s is not in %s", c.Package, m.Modules[c.Module].Path)
	}
	covered := map[string]bool{}
	for pkg, types := range m.Legacy {
		for typ, lc := range types {
			assert.True(t, lc.Client >= -1 && lc.Client < len(m.Clients), "%s.%s", pkg, typ)
			for name, tg := range lc.Methods {
				assert.True(t, tg.Client >= -1 && tg.Client < len(m.Clients), "%s.%s.%s", pkg, typ, name)
				assert.Equal(t, tg.Client >= 0, tg.Method != "", "%s.%s.%s: a target has both a client and a method, or neither", pkg, typ, name)
			}
		}
		if rest, ok := strings.CutPrefix(pkg, v68Services); ok {
			rest = strings.TrimPrefix(rest, "preview/")
			covered[rest[:strings.IndexByte(rest, '/')]] = true
		} else {
			covered[pkg] = true
		}
	}
	for _, s := range []string{
		"resources", "compute", "network", "storage", "keyvault", "dns", "privatedns", "monitor",
		"containerservice", "authorization", "msi", "web", "sql", "cosmos-db", "redis", "eventhub",
		"servicebus", "containerregistry", "cdn", "apimanagement", "operationalinsights",
		"recoveryservices", "batch", "datafactory", "frontdoor", "logic", "search", "signalr",
		"iothub", "cognitiveservices", "postgresql", "mysql", "appconfiguration",
		"github.com/Azure/azure-storage-blob-go/azblob", "github.com/Azure/azure-storage-queue-go/azqueue",
		"github.com/Azure/azure-event-hubs-go/v3", "github.com/Azure/azure-service-bus-go",
	} {
		assert.True(t, covered[s], "%s is not covered", s)
	}
}

// Encode writes the same bytes for the same mapping (the generator's
// output is reproducible), and Decode reads them back.
func TestEncodeDecode(t *testing.T) {
	m, err := Load()
	require.NoError(t, err)
	var a, b bytes.Buffer
	require.NoError(t, m.Encode(&a))
	require.NoError(t, m.Encode(&b))
	assert.Equal(t, a.Bytes(), b.Bytes())
	back, err := Decode(&a)
	require.NoError(t, err)
	assert.Equal(t, m, back)
	_, err = Decode(strings.NewReader("not gzip"))
	assert.ErrorContains(t, err, "inventory: mapping:")
}

func TestPackageName(t *testing.T) {
	for path, want := range map[string]string{
		"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/compute/armcompute/v7": "armcompute",
		"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/dns/armdns":            "armdns",
		"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container":              "container",
		"github.com/Azure/azure-sdk-for-go/sdk/messaging/azeventhubs/v2":              "azeventhubs",
		"v2": "v2",
	} {
		assert.Equal(t, want, packageName(path), path)
	}
}
