// Command sidebyside is the credwrapper demo: one credential, a legacy v68
// GroupsClient and a new armresources client listing and creating resource
// groups side by side.
//
// By default it starts the credwrappertest fake cloud in process and runs
// offline:
//
//	go -C examples run ./sidebyside
//
// With -live it wraps azidentity.DefaultAzureCredential (credwrapper.NewDefault)
// and lists the resource groups of AZURE_SUBSCRIPTION_ID in real Azure; add
// -create to also create and delete two demo resource groups.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest"
	autorestto "github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

func main() {
	live := flag.Bool("live", false, "use credwrapper.NewDefault and AZURE_SUBSCRIPTION_ID against real Azure")
	create := flag.Bool("create", false, "with -live: also create and delete two demo resource groups")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, *live, *create); err != nil {
		fmt.Fprintln(os.Stderr, "sidebyside:", err)
		os.Exit(1)
	}
}

// target is where the demo runs: the fake cloud or real Azure.
type target struct {
	w              *credwrapper.CredentialWrapper
	credential     string // what w wraps, for the output
	subscriptionID string
	armEndpoint    string            // legacy BaseURI
	sender         autorest.Sender   // nil: go-autorest's default
	clientOptions  arm.ClientOptions // new clients
	fake           *credwrappertest.Cloud
}

func run(ctx context.Context, out io.Writer, live, create bool) error {
	t, closeTarget, err := newTarget(live)
	if err != nil {
		return err
	}
	defer closeTarget()
	if !live {
		create = true
		fmt.Fprintf(out, "offline: fake Entra ID at %s, fake ARM at %s\n", t.fake.Entra.URL, t.fake.ARM.URL)
	}
	fmt.Fprintf(out, "one credential: %s, wrapped once by credwrapper (EnableCAE, Attach)\n\n", t.credential)

	legacy, client, err := clients(t)
	if err != nil {
		return err
	}

	legacyName, newName := "credwrapper-demo-legacy", "credwrapper-demo-new"
	if create {
		g, err := legacy.CreateOrUpdate(ctx, legacyName, resources.Group{Location: autorestto.StringPtr("westeurope")})
		if err != nil {
			return fmt.Errorf("legacy GroupsClient.CreateOrUpdate: %w", err)
		}
		fmt.Fprintf(out, "%-6s %-36s %s (HTTP %d)\n", "legacy", "GroupsClient.CreateOrUpdate", *g.Name, g.StatusCode)
		ng, err := client.CreateOrUpdate(ctx, newName, armresources.ResourceGroup{Location: to.Ptr("westeurope")}, nil)
		if err != nil {
			return fmt.Errorf("armresources CreateOrUpdate: %w", err)
		}
		fmt.Fprintf(out, "%-6s %-36s %s\n", "new", "ResourceGroupsClient.CreateOrUpdate", *ng.Name)
	}

	legacyNames, err := listLegacy(ctx, legacy)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%-6s %-36s %s\n", "legacy", "GroupsClient.List", summarize(legacyNames))
	newNames, err := listNew(ctx, client)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%-6s %-36s %s\n", "new", "ResourceGroupsClient.NewListPager", summarize(newNames))
	if strings.Join(legacyNames, ",") != strings.Join(newNames, ",") {
		return fmt.Errorf("the clients disagree: legacy %v, new %v", legacyNames, newNames)
	}

	if create {
		// Each client deletes the group the other one created.
		future, err := legacy.Delete(ctx, newName)
		if err == nil {
			err = future.WaitForCompletionRef(ctx, legacy.Client)
		}
		if err != nil {
			return fmt.Errorf("legacy GroupsClient.Delete: %w", err)
		}
		fmt.Fprintf(out, "%-6s %-36s %s\n", "legacy", "GroupsClient.Delete", newName)
		poller, err := client.BeginDelete(ctx, legacyName, nil)
		if err == nil {
			_, err = poller.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: time.Second})
		}
		if err != nil {
			return fmt.Errorf("armresources BeginDelete: %w", err)
		}
		fmt.Fprintf(out, "%-6s %-36s %s\n", "new", "ResourceGroupsClient.BeginDelete", legacyName)
	}

	if t.fake != nil {
		fc := t.fake
		var fromLegacy, fromNew int
		for _, r := range fc.ARM.Requests() {
			if strings.Contains(r.UserAgent, "azsdk-go-") {
				fromNew++
			} else {
				fromLegacy++
			}
		}
		fmt.Fprintf(out, "\nARM received %d requests: %d from the legacy client, %d from the new one (%d without a token, %d refused)\n",
			fromLegacy+fromNew, fromLegacy, fromNew, fc.ARM.Unauthenticated(), len(fc.ARM.Rejected()))
		fmt.Fprintf(out, "They carried %d distinct token(s); Entra ID issued %d.\n", fc.ARM.DistinctTokens(), fc.Entra.TokenRequests())
		fmt.Fprintln(out, "One token served both: EnableCAE makes the legacy path ask for the CAE token new clients ask for,")
		fmt.Fprintln(out, "and Attach gives the legacy client the sender that answers the CAE claims challenges that come with it.")
	}
	return nil
}

// clients returns the legacy and the new client, both on the one wrapper.
func clients(t *target) (resources.GroupsClient, *armresources.ResourceGroupsClient, error) {
	// The legacy client: Attach sets the wrapper as its Authorizer (the
	// one-line change) and wraps its Sender so that 401s and CAE claims
	// challenges are answered with a new token.
	legacy := resources.NewGroupsClientWithBaseURI(t.armEndpoint, t.subscriptionID)
	if t.sender != nil {
		legacy.Sender = t.sender
	}
	t.w.Attach(&legacy.Client)
	// The new client: the same wrapper is its azcore.TokenCredential.
	client, err := armresources.NewResourceGroupsClient(t.subscriptionID, t.w, &t.clientOptions)
	if err != nil {
		return resources.GroupsClient{}, nil, fmt.Errorf("armresources: %w", err)
	}
	return legacy, client, nil
}

func newTarget(live bool) (*target, func(), error) {
	if live {
		sub := os.Getenv("AZURE_SUBSCRIPTION_ID")
		if sub == "" {
			return nil, nil, errors.New("-live needs AZURE_SUBSCRIPTION_ID")
		}
		w, err := credwrapper.NewDefault(&credwrapper.DefaultOptions{Options: credwrapper.Options{EnableCAE: true}})
		if err != nil {
			return nil, nil, err
		}
		return &target{w: w, credential: "azidentity.DefaultAzureCredential", subscriptionID: sub, armEndpoint: resources.DefaultBaseURI}, func() {}, nil
	}
	fc, err := credwrappertest.New(nil)
	if err != nil {
		return nil, nil, err
	}
	cred, cfg, err := fc.Credential()
	if err != nil {
		fc.Close()
		return nil, nil, err
	}
	// EnableCAE: the legacy path asks for the same CAE token that new clients
	// always ask for, so both share one token; clients() attaches the sender
	// that answers the CAE challenges such a token brings.
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, EnableCAE: true})
	if err != nil {
		fc.Close()
		return nil, nil, err
	}
	return &target{
		w:              w,
		credential:     "azidentity.ClientSecretCredential (fake Entra ID)",
		subscriptionID: fc.SubscriptionID,
		armEndpoint:    fc.ARM.URL,
		sender:         fc.Client(),
		clientOptions:  arm.ClientOptions{ClientOptions: fc.ClientOptions()},
		fake:           fc,
	}, fc.Close, nil
}

func listLegacy(ctx context.Context, c resources.GroupsClient) ([]string, error) {
	var names []string
	it, err := c.ListComplete(ctx, "", nil)
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		names = append(names, *it.Value().Name)
	}
	if err != nil {
		return nil, fmt.Errorf("legacy GroupsClient.List: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

func listNew(ctx context.Context, c *armresources.ResourceGroupsClient) ([]string, error) {
	var names []string
	for pager := c.NewListPager(nil); pager.More(); {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("armresources NewListPager: %w", err)
		}
		for _, g := range page.Value {
			names = append(names, *g.Name)
		}
	}
	sort.Strings(names)
	return names, nil
}

func summarize(names []string) string {
	const max = 8
	if len(names) > max {
		return fmt.Sprintf("%d groups: %s, ...", len(names), strings.Join(names[:max], ", "))
	}
	return fmt.Sprintf("%d groups: %s", len(names), strings.Join(names, ", "))
}
