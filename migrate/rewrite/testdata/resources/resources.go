package resources

import (
	"context"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest/azure"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
)

func createListDelete(ctx context.Context, w *credwrapper.CredentialWrapper, sub string) ([]string, error) {
	groups := resources.NewGroupsClient(sub) // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w

	g, err := groups.CreateOrUpdate(ctx, "rg", resources.Group{Location: to.StringPtr("westeurope"), Tags: map[string]*string{"env": to.StringPtr("test")}}) // want `resources.GroupsClient.CreateOrUpdate: rewritten: armresources.ResourceGroupsClient.CreateOrUpdate`
	if err != nil {
		return nil, err
	}
	names := []string{*g.Name, *g.Properties.ProvisioningState}

	it, err := groups.ListComplete(ctx, "", nil) // want `resources.GroupsClient.ListComplete: rewritten: armresources.ResourceGroupsClient.NewListPager`
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		names = append(names, *it.Value().Name)
	}
	if err != nil {
		return nil, err
	}

	future, err := groups.Delete(ctx, "rg") // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
	if err != nil {
		return nil, err
	}
	if err := future.WaitForCompletionRef(ctx, groups.Client); err != nil {
		return nil, err
	}
	return names, nil
}

// A client of another endpoint whose Sender is set when there is one.
func conditionalSender(ctx context.Context, w *credwrapper.CredentialWrapper, sub, endpoint string, sender *http.Client) (string, error) {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	if sender != nil {
		groups.Sender = sender
	}
	g, err := groups.Get(ctx, "rg") // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
	if err != nil {
		return "", err
	}
	return *g.ID, nil
}

// A client of a cloud named by its go-autorest environment.
func environment(ctx context.Context, w *credwrapper.CredentialWrapper, env azure.Environment, sub string) error {
	groups := resources.NewGroupsClientWithBaseURI(env.ResourceManagerEndpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	w.Attach(&groups.Client)
	future, err := groups.Delete(ctx, "rg") // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
	if err != nil {
		return err
	}
	err = future.FutureAPI.WaitForCompletionRef(ctx, groups.Client)
	return err
}

// A constant *int32 (to.Int32Ptr(10) is to.Ptr[int32](10), not a *int) and a
// constant filter move into the options.
func topConstant(ctx context.Context, w *credwrapper.CredentialWrapper, sub string) (n int, err error) {
	groups := resources.NewGroupsClient(sub) // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	it, err := groups.ListComplete(ctx, "tagName eq 'env'", to.Int32Ptr(10)) // want `resources.GroupsClient.ListComplete: rewritten: armresources.ResourceGroupsClient.NewListPager`
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		if it.Value().ManagedBy == nil {
			n++
		}
	}
	return n, err
}

// The iterator's other loop: the first page's error checked apart, the
// next pages' at the end of the body.
func checkedLoop(ctx context.Context, w *credwrapper.CredentialWrapper, sub string) ([]string, error) {
	groups := resources.NewGroupsClient(sub) // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	var names []string
	it, err := groups.ListComplete(ctx, "", nil) // want `resources.GroupsClient.ListComplete: rewritten: armresources.ResourceGroupsClient.NewListPager`
	if err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	for it.NotDone() {
		g := it.Value()
		if g.Tags["keep"] != nil {
			names = append(names, *g.Name)
		}
		if err := it.NextWithContext(ctx); err != nil {
			return nil, fmt.Errorf("listing: %w", err)
		}
	}
	return names, nil
}
