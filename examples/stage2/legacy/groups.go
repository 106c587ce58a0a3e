// Package legacy is the legacy half of the side-by-side demo, whole: a v68
// resources.GroupsClient, authorized by a credwrapper, that creates, lists,
// reads and deletes resource groups. The stage-2 test rewrites a copy of it
// with credwrapper-migrate -inventory -fix and checks that the rewritten
// program sends the same requests to the fake cloud.
package legacy

import (
	"context"
	"fmt"
	"sort"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
)

// Run creates two resource groups, lists them, reads one and deletes the
// other, with a client of baseURI that sends its requests with sender; it
// returns what it read.
func Run(ctx context.Context, w *credwrapper.CredentialWrapper, subscriptionID, baseURI string, sender autorest.Sender) ([]string, error) {
	client := resources.NewGroupsClientWithBaseURI(baseURI, subscriptionID)
	client.Authorizer = w
	client.Sender = sender

	for _, name := range []string{"stage2-a", "stage2-b"} {
		g, err := client.CreateOrUpdate(ctx, name, resources.Group{
			Location: to.StringPtr("westeurope"),
			Tags:     map[string]*string{"demo": to.StringPtr("stage2")},
		})
		if err != nil {
			return nil, fmt.Errorf("creating %s: %w", name, err)
		}
		if g.Properties == nil || *g.Properties.ProvisioningState != "Succeeded" {
			return nil, fmt.Errorf("creating %s: not provisioned", name)
		}
	}

	var names []string
	it, err := client.ListComplete(ctx, "", nil)
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		names = append(names, *it.Value().Name)
	}
	if err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	sort.Strings(names)

	g, err := client.Get(ctx, "stage2-a")
	if err != nil {
		return nil, fmt.Errorf("reading stage2-a: %w", err)
	}
	names = append(names, *g.Location, *g.Tags["demo"])

	future, err := client.Delete(ctx, "stage2-b")
	if err != nil {
		return nil, fmt.Errorf("deleting stage2-b: %w", err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return nil, fmt.Errorf("deleting stage2-b: %w", err)
	}
	return names, nil
}
