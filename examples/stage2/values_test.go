package stage2_test

import (
	"encoding/json"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage/v2"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-09-01/storage"
	autorestto "github.com/Azure/go-autorest/autorest/to"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The request bodies of the models the rewrite converts away from the call
// (migrate/rewrite's testdata/values): each legacy value and its rewrite
// marshal to the same JSON, and the values it leaves as they are would
// not.
func TestConvertedModelsSendTheSameJSON(t *testing.T) {
	tenants := []string{"t1", "t2"}
	tests := []struct {
		name        string
		legacy, new func() any
		same        bool // whether the rewrite may convert it
	}{{
		name: "a model variable changed before the call",
		legacy: func() any {
			group := resources.Group{
				Location: autorestto.StringPtr("westeurope"),
				Tags:     map[string]*string{"managed-by": autorestto.StringPtr("values")},
			}
			group.Tags["env"] = autorestto.StringPtr("prod")
			group.ManagedBy = autorestto.StringPtr("me")
			return group
		},
		new: func() any {
			group := armresources.ResourceGroup{
				Location: to.Ptr("westeurope"),
				Tags:     map[string]*string{"managed-by": to.Ptr("values")},
			}
			group.Tags["env"] = to.Ptr("prod")
			group.ManagedBy = to.Ptr("me")
			return group
		},
		same: true,
	}, {
		name: "a slice grown by append, sent through *[]T, with enums set on the variable",
		legacy: func() any {
			rules := []storage.ResourceAccessRule{}
			for _, t := range tenants {
				rules = append(rules, storage.ResourceAccessRule{TenantID: autorestto.StringPtr(t), ResourceID: autorestto.StringPtr("/subscriptions/sub")})
			}
			params := storage.AccountCreateParameters{
				Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
				Location: autorestto.StringPtr("westeurope"),
				AccountPropertiesCreateParameters: &storage.AccountPropertiesCreateParameters{
					NetworkRuleSet: &storage.NetworkRuleSet{DefaultAction: storage.DefaultActionDeny, ResourceAccessRules: &rules},
				},
			}
			params.Kind = storage.KindStorageV2
			params.MinimumTLSVersion = storage.MinimumTLSVersionTLS12
			return params
		},
		new: func() any {
			rules := []*armstorage.ResourceAccessRule{}
			for _, t := range tenants {
				rules = append(rules, &armstorage.ResourceAccessRule{TenantID: to.Ptr(t), ResourceID: to.Ptr("/subscriptions/sub")})
			}
			params := armstorage.AccountCreateParameters{
				SKU:      &armstorage.SKU{Name: to.Ptr(armstorage.SKUNameStandardLRS)},
				Location: to.Ptr("westeurope"),
				Properties: &armstorage.AccountPropertiesCreateParameters{
					NetworkRuleSet: &armstorage.NetworkRuleSet{DefaultAction: to.Ptr(armstorage.DefaultActionDeny), ResourceAccessRules: rules},
				},
			}
			params.Kind = to.Ptr(armstorage.KindStorageV2)
			params.Properties.MinimumTLSVersion = to.Ptr(armstorage.MinimumTLSVersionTLS12)
			return params
		},
		same: true,
	}, {
		name: "an empty slice declared by a literal",
		legacy: func() any {
			rules := []storage.ResourceAccessRule{}
			return storage.NetworkRuleSet{ResourceAccessRules: &rules}
		},
		new: func() any {
			rules := []*armstorage.ResourceAccessRule{}
			return armstorage.NetworkRuleSet{ResourceAccessRules: rules}
		},
		same: true,
	}, {
		name: "a slice declared nil: null, then left out",
		legacy: func() any {
			var rules []storage.ResourceAccessRule
			return storage.NetworkRuleSet{ResourceAccessRules: &rules}
		},
		new: func() any {
			var rules []*armstorage.ResourceAccessRule
			return armstorage.NetworkRuleSet{ResourceAccessRules: rules}
		},
	}, {
		name: "an empty enum variable: left out, then sent",
		legacy: func() any {
			var tier storage.AccessTier
			return storage.AccountPropertiesUpdateParameters{AccessTier: tier}
		},
		new: func() any {
			var tier storage.AccessTier
			return armstorage.AccountPropertiesUpdateParameters{AccessTier: to.Ptr(armstorage.AccessTier(tier))}
		},
	}, {
		name: "an enum that may be empty, as the rewrite declares it before the call: empty",
		legacy: func() any {
			return enumParam("", false)
		},
		new: func() any {
			return enumParam("", true)
		},
		same: true,
	}, {
		name: "an enum that may be empty, as the rewrite declares it before the call: set",
		legacy: func() any {
			return enumParam(storage.AccessTierCool, false)
		},
		new: func() any {
			return enumParam(storage.AccessTierCool, true)
		},
		same: true,
	}, {
		name: "a result sent back: the new model marshals its read-only fields",
		legacy: func() any {
			var g resources.Group
			require.NoError(t, json.Unmarshal([]byte(getGroup), &g))
			return g
		},
		new: func() any {
			var g armresources.ResourceGroup
			require.NoError(t, json.Unmarshal([]byte(getGroup), &g))
			return g
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			legacy, err := json.Marshal(tt.legacy())
			require.NoError(t, err)
			got, err := json.Marshal(tt.new())
			require.NoError(t, err)
			if tt.same {
				assert.JSONEq(t, string(legacy), string(got))
			} else {
				assert.NotEqual(t, canonical(t, legacy), canonical(t, got), "legacy %s, new %s", legacy, got)
			}
		})
	}
}

// enumParam is an update whose access tier is a parameter, legacy or
// rewritten (migrate/rewrite's testdata/values, enumParam).
func enumParam(tier storage.AccessTier, rewritten bool) any {
	if !rewritten {
		return storage.AccountUpdateParameters{
			AccountPropertiesUpdateParameters: &storage.AccountPropertiesUpdateParameters{AccessTier: tier},
		}
	}
	var tierPtr *armstorage.AccessTier
	if tier != "" {
		tierPtr = to.Ptr(armstorage.AccessTier(tier))
	}
	return armstorage.AccountUpdateParameters{
		Properties: &armstorage.AccountPropertiesUpdateParameters{AccessTier: tierPtr},
	}
}

// getGroup is a resource group as a GET returns it.
const getGroup = `{"id":"/subscriptions/sub/resourceGroups/rg","name":"rg","type":"Microsoft.Resources/resourceGroups","location":"westeurope","tags":{"env":"prod"},"properties":{"provisioningState":"Succeeded"}}`

func canonical(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return string(out)
}
