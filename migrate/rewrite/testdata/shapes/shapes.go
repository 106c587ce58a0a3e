// Package shapes holds the Future and page shapes real code writes, and
// the positional arguments that move into the options.
package shapes

import (
	"context"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2021-04-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-09-01/storage"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
)

// The wait's error returned directly.
func returnWait(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string) error {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	future, err := groups.Delete(ctx, "rg", "") // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
	if err != nil {
		return fmt.Errorf("deleting rg: %w", err)
	}
	return future.WaitForCompletionRef(ctx, groups.Client)
}

// The wait's error returned after another result, in a block where err is
// not declared; a positional argument that becomes an option.
func returnWaitWithResult(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string, names []string) (int, error) {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	for i, name := range names {
		if future, err := groups.Delete(ctx, name, "Microsoft.Compute/virtualMachines"); err == nil { // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
			return i, future.FutureAPI.WaitForCompletionRef(ctx, groups.Client)
		}
	}
	return len(names), nil
}

// The wait checked in an if, then the result; an enum argument that
// becomes an option.
func waitThenResult(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub, rg string) (string, error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `storage.NewAccountsClientWithBaseURI: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	future, err := accounts.Create(ctx, rg, "acct", storage.AccountCreateParameters{ // want `storage.AccountsClient.Create: rewritten: armstorage.AccountsClient.BeginCreate`
		Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
		Kind:     storage.KindStorageV2,
		Location: to.StringPtr("westeurope"),
	})
	if err != nil {
		return "", err
	}
	if err := future.WaitForCompletionRef(ctx, accounts.Client); err != nil {
		return "", fmt.Errorf("creating acct: %w", err)
	}
	created, err := future.Result(accounts)
	if err != nil {
		return "", err
	}
	acct, err := accounts.GetProperties(ctx, rg, *created.Name, storage.AccountExpandGeoReplicationStats) // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return "", err
	}
	return *acct.ID, nil
}

// The wait through the Future's azure.FutureAPI, assigned; a wait whose
// error is ignored.
func assignedWaits(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string) error {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	first, err := groups.Delete(ctx, "rg-1", "") // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
	if err != nil {
		return err
	}
	err = first.FutureAPI.WaitForCompletionRef(ctx, groups.Client)
	if err != nil {
		return err
	}
	second, err := groups.Delete(ctx, "rg-2", "") // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
	if err != nil {
		return err
	}
	second.WaitForCompletionRef(ctx, groups.Client)
	// A deletion left to run on its own.
	_, err = groups.Delete(ctx, "rg-3", "") // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
	return err
}

// Pages listed in the loop's init statement, the error checked first in the
// body; $filter, $expand and $top become options, and the current page's
// list result (Response) becomes the new page.
func initPages(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string) ([]string, error) {
	client := resources.NewClientWithBaseURI(endpoint, sub) // want `resources.NewClientWithBaseURI: rewritten: armresources.NewClient`
	client.Authorizer = w
	var names []string
	for page, err := client.ListByResourceGroup(ctx, "rg", "resourceType eq 'Microsoft.Storage/storageAccounts'", "createdTime", to.Int32Ptr(5)); page.NotDone(); err = page.NextWithContext(ctx) { // want `resources.Client.ListByResourceGroup: rewritten: armresources.Client.NewListByResourceGroupPager`
		if err != nil {
			return nil, fmt.Errorf("listing: %w", err)
		}
		for _, r := range page.Values() {
			names = append(names, *r.Name)
		}
		if page.Response().NextLink == nil {
			names = append(names, "(last page)")
		}
	}
	return names, nil
}

// An iterator listed in the loop's init statement.
func initIterator(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string) ([]string, error) {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	var names []string
	for it, err := groups.ListComplete(ctx, "", nil); it.NotDone(); err = it.NextWithContext(ctx) { // want `resources.GroupsClient.ListComplete: rewritten: armresources.ResourceGroupsClient.NewListPager`
		if err != nil {
			return nil, err
		}
		names = append(names, *it.Value().Name)
	}
	return names, nil
}

// Pages whose first error is checked apart and the next pages' at the end
// of the loop.
func checkedPages(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub, rg string) (int, error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `storage.NewAccountsClientWithBaseURI: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	page, err := accounts.ListByResourceGroup(ctx, rg) // want `storage.AccountsClient.ListByResourceGroup: rewritten: armstorage.AccountsClient.NewListByResourceGroupPager`
	if err != nil {
		return 0, fmt.Errorf("listing accounts: %w", err)
	}
	n := 0
	for page.NotDone() {
		for _, a := range page.Values() {
			if a.Kind == storage.KindStorageV2 {
				n++
			}
		}
		if err := page.NextWithContext(ctx); err != nil {
			return 0, fmt.Errorf("listing accounts: %w", err)
		}
	}
	return n, nil
}

// An iterator whose next page is fetched by an assignment, then checked.
func assignedNext(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string) ([]string, error) {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	it, err := groups.ListComplete(ctx, "tagName eq 'env'", to.Int32Ptr(20)) // want `resources.GroupsClient.ListComplete: rewritten: armresources.ResourceGroupsClient.NewListPager`
	if err != nil {
		return nil, err
	}
	var names []string
	for it.NotDone() {
		names = append(names, *it.Value().Name)
		err = it.NextWithContext(ctx)
		if err != nil {
			return nil, err
		}
	}
	return names, nil
}

type pending struct {
	future resources.GroupsDeleteFuture
}

// A Future kept in a struct, to be waited for elsewhere.
func futureKept(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string) (*pending, error) {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `not rewritten: .*its Future f is used as a value`
	groups.Authorizer = w
	f, err := groups.Delete(ctx, "rg", "") // want `not rewritten with its client: .*its Future f is used as a value`
	if err != nil {
		return nil, err
	}
	return &pending{future: f}, nil
}

// A page handed to another function.
func pagePassed(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub, rg string) (int, error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `not rewritten: .*its iterator page is passed to count, which takes the legacy type`
	accounts.Authorizer = w
	page, err := accounts.ListByResourceGroup(ctx, rg) // want `not rewritten with its client: .*its iterator page is passed to count, which takes the legacy type`
	if err != nil {
		return 0, err
	}
	n := 0
	for page.NotDone() {
		n += count(page)
		if err := page.NextWithContext(ctx); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func count(page storage.AccountListResultPage) int { return len(page.Values()) }

// The result read after a log line and a local declaration: rewritten.
func resultAfterLog(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub, rg string) (string, error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `storage.NewAccountsClientWithBaseURI: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	future, err := accounts.Create(ctx, rg, "acct", storage.AccountCreateParameters{ // want `storage.AccountsClient.Create: rewritten: armstorage.AccountsClient.BeginCreate`
		Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
		Kind:     storage.KindStorageV2,
		Location: to.StringPtr("westeurope"),
	})
	if err != nil {
		return "", err
	}
	if err := future.WaitForCompletionRef(ctx, accounts.Client); err != nil {
		return "", err
	}
	log.Printf("created %s", "acct")
	prefix := "id: "
	created, err := future.Result(accounts)
	if err != nil {
		return "", err
	}
	return prefix + *created.ID, nil
}

// A request between the wait and the result: the legacy Future fetches
// the result after it, the new poller before it.
func requestBetween(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub, rg string) (string, error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `not rewritten: .*accounts.CheckNameAvailability, between its Future's wait and its Result, may send a request`
	accounts.Authorizer = w
	future, err := accounts.Create(ctx, rg, "acct", storage.AccountCreateParameters{ // want `not rewritten with its client: .*between its Future's wait and its Result`
		Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
		Kind:     storage.KindStorageV2,
		Location: to.StringPtr("westeurope"),
	})
	if err != nil {
		return "", err
	}
	if err := future.WaitForCompletionRef(ctx, accounts.Client); err != nil {
		return "", err
	}
	log.Printf("created acct")
	if _, err := accounts.CheckNameAvailability(ctx, storage.AccountCheckNameAvailabilityParameters{Name: to.StringPtr("acct2"), Type: to.StringPtr("Microsoft.Storage/storageAccounts")}); err != nil { // want `not rewritten with its client: .*between its Future's wait and its Result`
		return "", err
	}
	created, err := future.Result(accounts)
	if err != nil {
		return "", err
	}
	return *created.ID, nil
}

// The result returned as the function's own, a legacy model.
func resultReturned(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub, rg string) (storage.Account, error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `not rewritten: .*its Future's Result is returned \(return future.Result\(accounts\)\): the function returns the legacy model`
	accounts.Authorizer = w
	future, err := accounts.Create(ctx, rg, "acct", storage.AccountCreateParameters{ // want `not rewritten with its client: .*its Future's Result is returned`
		Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
		Kind:     storage.KindStorageV2,
		Location: to.StringPtr("westeurope"),
	})
	if err != nil {
		return storage.Account{}, err
	}
	if err := future.WaitForCompletionRef(ctx, accounts.Client); err != nil {
		return storage.Account{}, err
	}
	return future.Result(accounts)
}

// An iterator whose first page's error and next pages' are told apart.
func iteratorErrorsApart(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string) ([]string, error) {
	groups := resources.NewGroupsClientWithBaseURI(endpoint, sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	groups.Authorizer = w
	it, err := groups.ListComplete(ctx, "", to.Int32Ptr(2)) // want `resources.GroupsClient.ListComplete: rewritten: armresources.ResourceGroupsClient.NewListPager`
	if err != nil {
		return nil, fmt.Errorf("listing groups: %w", err)
	}
	names := []string{}
	for it.NotDone() {
		g := it.Value()
		names = append(names, *g.Name)
		if err := it.NextWithContext(ctx); err != nil {
			return names, fmt.Errorf("listing the next groups: %w", err)
		}
	}
	return names, nil
}

// Pages whose first error and next ones are told apart, the next page
// fetched into the function's err.
func pagesErrorsApart(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub, rg string) (n int, err error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `storage.NewAccountsClientWithBaseURI: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	page, err := accounts.ListByResourceGroup(ctx, rg) // want `storage.AccountsClient.ListByResourceGroup: rewritten: armstorage.AccountsClient.NewListByResourceGroupPager`
	if err != nil {
		return 0, err
	}
	for page.NotDone() {
		for _, a := range page.Values() {
			if a.Kind == storage.KindStorageV2 {
				n++
			}
		}
		err = page.NextWithContext(ctx)
		if err != nil {
			return n, fmt.Errorf("after %d accounts: %w", n, err)
		}
	}
	return n, nil
}

// A declaration between the check and the loop that the list call's
// arguments read: the list call cannot move after it.
func shadowedArgument(ctx context.Context, w *credwrapper.CredentialWrapper, endpoint, sub string, groups []string) (int, error) {
	accounts := storage.NewAccountsClientWithBaseURI(endpoint, sub) // want `not rewritten: .*the iterator's loop is not`
	accounts.Authorizer = w
	n := 0
	for _, rg := range groups {
		page, err := accounts.ListByResourceGroup(ctx, rg) // want `not rewritten with its client: .*the iterator's loop is not`
		if err != nil {
			return 0, err
		}
		rg := rg + "-copy"
		for page.NotDone() {
			for _, a := range page.Values() {
				if *a.Name != rg {
					n++
				}
			}
			if err := page.NextWithContext(ctx); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}
