// Package values holds models built away from the call that sends them:
// variables changed before the call, slices grown by append, enums held in
// variables, and the reads of results.
package values

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-09-01/storage"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
)

// A model built in a variable, changed, then sent.
func modelVariable(ctx context.Context, w *credwrapper.CredentialWrapper, name string, tags map[string]string) (string, error) {
	c := resources.NewGroupsClient("sub") // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	c.Authorizer = w
	group := resources.Group{
		Location: to.StringPtr("westeurope"),
		Tags:     map[string]*string{"managed-by": to.StringPtr("values")},
	}
	for k, v := range tags {
		group.Tags[k] = to.StringPtr(v)
	}
	group.ManagedBy = to.StringPtr("me")
	if group.Location != nil && *group.Location == "westeurope" {
		group.Tags["region"] = group.Location
	}
	created, err := c.CreateOrUpdate(ctx, name, group) // want `resources.GroupsClient.CreateOrUpdate: rewritten: armresources.ResourceGroupsClient.CreateOrUpdate`
	if err != nil {
		return "", err
	}
	return *created.Name, nil
}

// A model's embedded properties and enums set on the variable, and a
// slice grown by append sent through a *[]T field.
func propertiesVariable(ctx context.Context, w *credwrapper.CredentialWrapper, rg string, tenants []string) ([]string, error) {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	rules := []storage.ResourceAccessRule{}
	for _, t := range tenants {
		rules = append(rules, storage.ResourceAccessRule{TenantID: to.StringPtr(t), ResourceID: to.StringPtr("/subscriptions/sub")})
	}
	rules = append(rules, storage.ResourceAccessRule{TenantID: to.StringPtr("home")})
	params := storage.AccountCreateParameters{
		Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
		Location: to.StringPtr("westeurope"),
		AccountPropertiesCreateParameters: &storage.AccountPropertiesCreateParameters{
			NetworkRuleSet: &storage.NetworkRuleSet{
				DefaultAction:       storage.DefaultActionDeny,
				ResourceAccessRules: &rules,
			},
		},
	}
	params.Kind = storage.KindStorageV2
	params.MinimumTLSVersion = storage.MinimumTLSVersionTLS12
	future, err := accounts.Create(ctx, rg, "acct", params) // want `storage.AccountsClient.Create: rewritten: armstorage.AccountsClient.BeginCreate`
	if err != nil {
		return nil, err
	}
	err = future.WaitForCompletionRef(ctx, accounts.Client)
	if err != nil {
		return nil, err
	}
	acct, err := future.Result(accounts)
	if err != nil {
		return nil, err
	}
	out := []string{*acct.Name}
	if acct.NetworkRuleSet.ResourceAccessRules != nil && len(*acct.NetworkRuleSet.ResourceAccessRules) > 0 {
		for _, r := range *acct.NetworkRuleSet.ResourceAccessRules {
			out = append(out, *r.TenantID)
		}
	}
	return out, nil
}

// A result's fields: *[]T read through a pointer, a date.Time, an enum
// compared.
func resultReads(ctx context.Context, w *credwrapper.CredentialWrapper, rg string) ([]string, error) {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	acct, err := accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return nil, err
	}
	var out []string
	for i, e := range *acct.PrivateEndpointConnections {
		if i < len(*acct.PrivateEndpointConnections) {
			out = append(out, *e.Name, *e.PrivateEndpoint.ID)
		}
	}
	out = append(out, acct.CreationTime.Time.String(), acct.CreationTime.Format("2006"))
	if acct.Sku.Name == storage.SkuNameStandardLRS {
		out = append(out, "lrs")
	}
	return out, nil
}

// CheckExistence's status, read after its error is handled.
func exists(ctx context.Context, w *credwrapper.CredentialWrapper, name string) (bool, error) {
	c := resources.NewGroupsClient("sub") // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	c.Authorizer = w
	resp, err := c.CheckExistence(ctx, name) // want `resources.GroupsClient.CheckExistence: rewritten: armresources.ResourceGroupsClient.CheckExistence`
	if err != nil {
		return false, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return false, nil
	}
	return resp.StatusCode == http.StatusNoContent, nil
}

// A slice declared nil: the legacy model sends "null" through its *[]T,
// the new one would leave the field out.
func nilSlice(ctx context.Context, w *credwrapper.CredentialWrapper, rg string, tenants []string) error {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: not rewritten: .*rules is declared nil`
	accounts.Authorizer = w
	var rules []storage.ResourceAccessRule
	for _, t := range tenants {
		rules = append(rules, storage.ResourceAccessRule{TenantID: to.StringPtr(t)})
	}
	_, err := accounts.Update(ctx, rg, "acct", storage.AccountUpdateParameters{ // want `storage.AccountsClient.Update: not rewritten with its client: .*declared nil`
		AccountPropertiesUpdateParameters: &storage.AccountPropertiesUpdateParameters{
			NetworkRuleSet: &storage.NetworkRuleSet{ResourceAccessRules: &rules},
		},
	})
	return err
}

// accountSpec is a caller's description of an account.
type accountSpec struct {
	Name string
	Kind storage.Kind
}

// Enums in a parameter and in a field of one, which may be empty: a
// pointer declared before the call, nil for "" (which the legacy model
// leaves out, as the new one leaves out a nil pointer).
func enumParam(ctx context.Context, w *credwrapper.CredentialWrapper, rg string, tier storage.AccessTier, spec accountSpec) error {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	_, err := accounts.Update(ctx, rg, spec.Name, storage.AccountUpdateParameters{ // want `storage.AccountsClient.Update: rewritten: armstorage.AccountsClient.Update`
		Kind:                              spec.Kind,
		AccountPropertiesUpdateParameters: &storage.AccountPropertiesUpdateParameters{AccessTier: tier},
	})
	return err
}

// An enum that may be empty, written in the function: left.
func enumWritten(ctx context.Context, w *credwrapper.CredentialWrapper, rg string, tier storage.AccessTier) error {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: not rewritten: .*tier may be empty`
	accounts.Authorizer = w
	if tier == storage.AccessTierCool {
		tier = storage.AccessTierHot
	}
	_, err := accounts.Update(ctx, rg, "acct", storage.AccountUpdateParameters{ // want `storage.AccountsClient.Update: not rewritten with its client: .*may be empty`
		AccountPropertiesUpdateParameters: &storage.AccountPropertiesUpdateParameters{AccessTier: tier},
	})
	return err
}

// A result sent back: the new model marshals its read-only fields.
func resultSentBack(ctx context.Context, w *credwrapper.CredentialWrapper, name string) error {
	c := resources.NewGroupsClient("sub") // want `resources.NewGroupsClient: not rewritten: .*group is the result of another call`
	c.Authorizer = w
	group, err := c.Get(ctx, name) // want `resources.GroupsClient.Get: not rewritten with its client: .*result of another call`
	if err != nil {
		return err
	}
	group.Tags["seen"] = to.StringPtr("yes")
	_, err = c.CreateOrUpdate(ctx, name, group) // want `resources.GroupsClient.CreateOrUpdate: not rewritten with its client: .*result of another call`
	return err
}

// Enums held in variables that provably hold a constant.
func enumVariables(ctx context.Context, w *credwrapper.CredentialWrapper, rg string) error {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	for _, a := range []struct {
		name string
		kind storage.Kind
	}{{"logs", storage.KindStorageV2}, {name: "blobs", kind: storage.KindBlobStorage}} {
		tier := storage.AccessTierHot
		_, err := accounts.Update(ctx, rg, a.name, storage.AccountUpdateParameters{ // want `storage.AccountsClient.Update: rewritten: armstorage.AccountsClient.Update`
			Kind:                              a.kind,
			AccountPropertiesUpdateParameters: &storage.AccountPropertiesUpdateParameters{AccessTier: tier},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Enums of a result printed: read before the statement, "" when absent
// (a nil pointer would print otherwise).
func enumPrinted(ctx context.Context, w *credwrapper.CredentialWrapper, rg string) (string, error) {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	acct, err := accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return "", err
	}
	if acct.ProvisioningState != storage.ProvisioningStateSucceeded {
		return "", fmt.Errorf("account %s: provisioning state %s", *acct.Name, acct.ProvisioningState)
	}
	return fmt.Sprintf("%s (%s, %s)", *acct.Name, acct.Sku.Name, acct.Kind), nil
}

// An enum printed with its type, or where the statement calls something
// else first: left.
func enumPrintedLeft(ctx context.Context, w *credwrapper.CredentialWrapper, rg string) (string, error) {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: not rewritten: .*acct.Kind has type .*a nil pointer would panic`
	accounts.Authorizer = w
	acct, err := accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: not rewritten with its client: .*a nil pointer would panic`
	if err != nil {
		return "", err
	}
	fmt.Printf("%T\n", acct.Kind)
	return fmt.Sprint(strings.ToUpper(*acct.Name), acct.Sku.Name), nil
}

// A Future's result and a Get's in one variable: the new responses differ,
// and embed the same model.
func resultThenGet(ctx context.Context, w *credwrapper.CredentialWrapper, rg string) (string, error) {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	future, err := accounts.Create(ctx, rg, "acct", storage.AccountCreateParameters{ // want `storage.AccountsClient.Create: rewritten: armstorage.AccountsClient.BeginCreate`
		Kind:     storage.KindStorageV2,
		Location: to.StringPtr("westeurope"),
		Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
	})
	if err != nil {
		return "", err
	}
	if err := future.WaitForCompletionRef(ctx, accounts.Client); err != nil {
		return "", err
	}
	acct, err := future.Result(accounts)
	if err != nil {
		return "", err
	}
	created := *acct.ID
	acct, err = accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return "", err
	}
	return created + *acct.Name, nil
}

// A result assigned again by a call of another client: left.
func resultThenOther(ctx context.Context, w *credwrapper.CredentialWrapper, rg string) (string, error) {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: not rewritten: .*acct is assigned again at .* by a call not rewritten with it`
	accounts.Authorizer = w
	other := storage.NewAccountsClient("other") // want `storage.NewAccountsClient: not rewritten: .*its result is assigned to acct, declared elsewhere`
	other.Authorizer = w
	acct, err := accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: not rewritten with its client: .*assigned again`
	if err != nil {
		return "", err
	}
	first := *acct.ID
	acct, err = other.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: not rewritten with its client: .*declared elsewhere`
	if err != nil {
		return "", err
	}
	return first + *acct.Name, nil
}

// An enum of each element of a result's slice, printed in the loop.
func enumPrintedInLoop(ctx context.Context, w *credwrapper.CredentialWrapper, rg string) error {
	accounts := storage.NewAccountsClient("sub") // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	acct, err := accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return err
	}
	for _, e := range *acct.PrivateEndpointConnections {
		fmt.Println(*e.Name, e.ProvisioningState)
	}
	return nil
}
