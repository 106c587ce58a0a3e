// Command blockstore is shaped like the block-storage client of a backup
// tool: it keeps the authorizer in a struct field typed
// *autorest.BearerAuthorizer, which it type-asserts from
// auth.GetAuthorizer, and uses it for a v68 Resource Manager client. With
// go-autorest's azure/auth it ran as is; with credwrapper/auth (one import
// path changed) it must too.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper/auth" // was: github.com/Azure/go-autorest/autorest/azure/auth
)

type blockStore struct {
	subscriptionID string
	authorizer     *autorest.BearerAuthorizer
	groups         resources.GroupsClient
}

func newBlockStore() (*blockStore, error) {
	settings, err := auth.GetSettingsFromEnvironment()
	if err != nil {
		return nil, fmt.Errorf("failed to get Azure settings: %w", err)
	}
	a, err := settings.GetAuthorizer()
	if err != nil {
		return nil, fmt.Errorf("failed to get Azure authorizer: %w", err)
	}
	bearer, ok := a.(*autorest.BearerAuthorizer)
	if !ok {
		return nil, errors.New("failed to get Azure authorizer")
	}
	bs := &blockStore{subscriptionID: settings.GetSubscriptionID(), authorizer: bearer}
	bs.groups = resources.NewGroupsClientWithBaseURI(settings.Environment.ResourceManagerEndpoint, bs.subscriptionID)
	bs.groups.Authorizer = bs.authorizer
	return bs, nil
}

func main() {
	bs, err := newBlockStore()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := bs.groups.CreateOrUpdate(ctx, "backups", resources.Group{Location: to.StringPtr("westeurope")}); err != nil {
		log.Fatalf("creating the backup resource group: %v", err)
	}
	page, err := bs.groups.List(ctx, "", nil)
	if err != nil {
		log.Fatalf("listing resource groups: %v", err)
	}
	for _, g := range page.Values() {
		fmt.Println("resource group:", *g.Name)
	}
}
