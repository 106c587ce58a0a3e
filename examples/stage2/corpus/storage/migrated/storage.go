// Package storage is the storage program of the corpus migrated by hand to
// the current SDK (armresources/v3, armstorage/v2): the target a rewrite of
// the legacy program aims at. Its test runs it against the fake cloud and
// compares its requests with the legacy program's recording.
package storage

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage/v2"

	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

const resourceGroup = "app-storage"

// accounts are the accounts to provision, by purpose.
var accounts = []struct {
	name    string
	purpose string
	sku     armstorage.SKUName
}{
	{"appdata01", "data", armstorage.SKUNameStandardZRS},
	{"applogs01", "logs", armstorage.SKUNameStandardLRS},
	{"apparchive01", "archive", armstorage.SKUNameStandardGRS},
}

// officeRange is the only address range admitted by the accounts' firewall.
const officeRange = "203.0.113.0/24"

type clients struct {
	groups   *armresources.ResourceGroupsClient
	accounts *armstorage.AccountsClient
}

// clientOptions maps the legacy clients' settings: BaseURI onto the cloud's
// Resource Manager endpoint, Sender onto Transport.
func clientOptions(env corpus.Env) *arm.ClientOptions {
	opts := &arm.ClientOptions{ClientOptions: policy.ClientOptions{
		Cloud: cloud.Configuration{Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Endpoint: env.ResourceManager, Audience: "https://management.core.windows.net/"},
		}},
	}}
	if env.Sender != nil {
		opts.Transport = env.Sender
	}
	return opts
}

func newClients(env corpus.Env) (clients, error) {
	opts := clientOptions(env)
	groups, err := armresources.NewResourceGroupsClient(env.SubscriptionID, env.Credential, opts)
	if err != nil {
		return clients{}, err
	}
	accts, err := armstorage.NewAccountsClient(env.SubscriptionID, env.Credential, opts)
	if err != nil {
		return clients{}, err
	}
	return clients{groups: groups, accounts: accts}, nil
}

// Run provisions the accounts and reports them.
func Run(ctx context.Context, env corpus.Env) error {
	c, err := newClients(env)
	if err != nil {
		return err
	}
	if _, err := c.groups.CreateOrUpdate(ctx, resourceGroup, armresources.ResourceGroup{Location: to.Ptr(env.Location)}, nil); err != nil {
		return fmt.Errorf("creating resource group %s: %w", resourceGroup, err)
	}
	for _, a := range accounts {
		if err := createAccount(ctx, c.accounts, env.Location, a.name, a.purpose, a.sku); err != nil {
			return err
		}
	}
	if err := report(ctx, c.accounts); err != nil {
		return err
	}

	// The archive account is read rarely: move it to the cool tier.
	updated, err := c.accounts.Update(ctx, resourceGroup, "apparchive01", armstorage.AccountUpdateParameters{
		Tags: map[string]*string{"purpose": to.Ptr("archive"), "tier": to.Ptr("cool")},
		Properties: &armstorage.AccountPropertiesUpdateParameters{
			AccessTier: to.Ptr(armstorage.AccessTierCool),
		},
	}, nil)
	if err != nil {
		return fmt.Errorf("updating apparchive01: %w", err)
	}
	log.Printf("%s: tier %s", *updated.Name, *updated.Properties.AccessTier)

	// The logs account is replaced by a log workspace.
	if _, err := c.accounts.Delete(ctx, resourceGroup, "applogs01", nil); err != nil {
		return fmt.Errorf("deleting applogs01: %w", err)
	}
	return nil
}

func createAccount(ctx context.Context, client *armstorage.AccountsClient, location, name, purpose string, sku armstorage.SKUName) error {
	avail, err := client.CheckNameAvailability(ctx, armstorage.AccountCheckNameAvailabilityParameters{
		Name: to.Ptr(name),
		Type: to.Ptr("Microsoft.Storage/storageAccounts"),
	}, nil)
	if err != nil {
		return fmt.Errorf("checking the name %s: %w", name, err)
	}
	if avail.NameAvailable != nil && !*avail.NameAvailable {
		var message string
		if avail.Message != nil {
			message = *avail.Message
		}
		return fmt.Errorf("storage account name %s is taken: %s", name, message)
	}

	poller, err := client.BeginCreate(ctx, resourceGroup, name, armstorage.AccountCreateParameters{
		SKU:      &armstorage.SKU{Name: to.Ptr(sku)},
		Kind:     to.Ptr(armstorage.KindStorageV2),
		Location: to.Ptr(location),
		Tags:     map[string]*string{"purpose": to.Ptr(purpose)},
		Properties: &armstorage.AccountPropertiesCreateParameters{
			AccessTier:             to.Ptr(armstorage.AccessTierHot),
			EnableHTTPSTrafficOnly: to.Ptr(true),
			MinimumTLSVersion:      to.Ptr(armstorage.MinimumTLSVersionTLS12),
			AllowBlobPublicAccess:  to.Ptr(false),
			NetworkRuleSet: &armstorage.NetworkRuleSet{
				Bypass:        to.Ptr(armstorage.BypassAzureServices),
				DefaultAction: to.Ptr(armstorage.DefaultActionDeny),
				IPRules: []*armstorage.IPRule{
					{IPAddressOrRange: to.Ptr(officeRange), Action: to.Ptr("Allow")},
				},
			},
			Encryption: &armstorage.Encryption{
				KeySource: to.Ptr(armstorage.KeySourceMicrosoftStorage),
				Services: &armstorage.EncryptionServices{
					Blob: &armstorage.EncryptionService{Enabled: to.Ptr(true), KeyType: to.Ptr(armstorage.KeyTypeAccount)},
					File: &armstorage.EncryptionService{Enabled: to.Ptr(true), KeyType: to.Ptr(armstorage.KeyTypeAccount)},
				},
			},
		},
	}, nil)
	if err != nil {
		return fmt.Errorf("creating storage account %s: %w", name, err)
	}
	account, err := poller.PollUntilDone(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage account %s: %w", name, err)
	}
	if *account.Properties.ProvisioningState != armstorage.ProvisioningStateSucceeded {
		return fmt.Errorf("storage account %s: provisioning state %s", name, *account.Properties.ProvisioningState)
	}
	log.Printf("created %s (%s, %s)", *account.Name, *account.SKU.Name, *account.Kind)
	return nil
}

// report lists the group's accounts, page by page, with the names of their
// keys.
func report(ctx context.Context, client *armstorage.AccountsClient) error {
	pager := client.NewListByResourceGroupPager(resourceGroup, nil)
	n := 0
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("listing storage accounts: %w", err)
		}
		for _, account := range page.Value {
			keys, err := client.ListKeys(ctx, resourceGroup, *account.Name, nil)
			if err != nil {
				return fmt.Errorf("listing the keys of %s: %w", *account.Name, err)
			}
			if len(keys.Keys) == 0 {
				return errors.New("storage account " + *account.Name + " has no keys")
			}
			var names []string
			for _, k := range keys.Keys {
				names = append(names, *k.KeyName+" ("+string(*k.Permissions)+")")
			}
			log.Printf("%s: %s, keys %v", *account.Name, *account.SKU.Name, names)
			n++
		}
	}
	if n != len(accounts) {
		return fmt.Errorf("found %d storage accounts in %s, want %d", n, resourceGroup, len(accounts))
	}
	return nil
}
