// Package groups keeps a subscription's resource groups in line with a
// declared set: it creates the missing ones with their tags, lists what
// exists, and deletes the groups that a previous run created but that are no
// longer declared.
package groups

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"sort"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2021-04-01/resources"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

const managedByTag = "managed-by"

// declared is the set of groups this tool keeps, with their tags.
var declared = map[string]map[string]string{
	"app-prod":    {"env": "prod", "team": "payments"},
	"app-staging": {"env": "staging", "team": "payments"},
	"shared-dns":  {"env": "prod", "team": "platform"},
}

func newGroupsClient(env corpus.Env) resources.GroupsClient {
	client := resources.NewGroupsClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	client.Authorizer = env.Credential
	if env.Sender != nil {
		client.Sender = env.Sender
	}
	return client
}

// Run creates the declared groups, reports all groups and removes the stale
// ones this tool created.
func Run(ctx context.Context, env corpus.Env) error {
	client := newGroupsClient(env)

	// A group left behind by an earlier run.
	if _, err := client.CreateOrUpdate(ctx, "app-old", resources.Group{
		Location: to.StringPtr(env.Location),
		Tags:     map[string]*string{managedByTag: to.StringPtr("groups")},
	}); err != nil {
		return fmt.Errorf("creating app-old: %w", err)
	}

	names := make([]string, 0, len(declared))
	for name := range declared {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := ensureGroup(ctx, client, env.Location, name, declared[name]); err != nil {
			return err
		}
	}

	stale, err := staleGroups(ctx, client)
	if err != nil {
		return err
	}
	for _, name := range stale {
		future, err := client.Delete(ctx, name, "")
		if err != nil {
			return fmt.Errorf("deleting %s: %w", name, err)
		}
		if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
			return fmt.Errorf("waiting for the deletion of %s: %w", name, err)
		}
		log.Printf("deleted stale resource group %s", name)
	}
	return nil
}

// ensureGroup creates the group if it does not exist.
func ensureGroup(ctx context.Context, client resources.GroupsClient, location, name string, tags map[string]string) error {
	resp, err := client.CheckExistence(ctx, name)
	if err != nil {
		return fmt.Errorf("checking %s: %w", name, err)
	}
	if resp.StatusCode == http.StatusNoContent {
		return nil
	}
	group := resources.Group{
		Location: to.StringPtr(location),
		Tags:     map[string]*string{managedByTag: to.StringPtr("groups")},
	}
	for k, v := range tags {
		group.Tags[k] = to.StringPtr(v)
	}
	created, err := client.CreateOrUpdate(ctx, name, group)
	if err != nil {
		return fmt.Errorf("creating %s: %w", name, err)
	}
	log.Printf("created %s in %s (%s)", *created.Name, *created.Location, *created.Properties.ProvisioningState)
	return nil
}

// staleGroups returns the groups tagged as this tool's that are no longer
// declared.
func staleGroups(ctx context.Context, client resources.GroupsClient) ([]string, error) {
	var stale []string
	it, err := client.ListComplete(ctx, "tagName eq '"+managedByTag+"'", nil)
	if err != nil {
		return nil, fmt.Errorf("listing resource groups: %w", err)
	}
	for it.NotDone() {
		g := it.Value()
		if _, ok := declared[*g.Name]; !ok && g.Tags[managedByTag] != nil && *g.Tags[managedByTag] == "groups" {
			stale = append(stale, *g.Name)
		}
		if err := it.NextWithContext(ctx); err != nil {
			return nil, fmt.Errorf("listing resource groups: %w", err)
		}
	}
	return stale, nil
}
