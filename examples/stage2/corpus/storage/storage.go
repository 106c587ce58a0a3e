// Package storage provisions the storage accounts of an application: one
// hardened StorageV2 account per purpose, network rules that admit the
// office range only, then reports each account's keys by name and moves the
// archive account to the cool tier.
package storage

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2021-04-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-09-01/storage"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

const resourceGroup = "app-storage"

// accounts are the accounts to provision, by purpose.
var accounts = []struct {
	name    string
	purpose string
	sku     storage.SkuName
}{
	{"appdata01", "data", storage.SkuNameStandardZRS},
	{"applogs01", "logs", storage.SkuNameStandardLRS},
	{"apparchive01", "archive", storage.SkuNameStandardGRS},
}

// officeRange is the only address range admitted by the accounts' firewall.
const officeRange = "203.0.113.0/24"

type clients struct {
	groups   resources.GroupsClient
	accounts storage.AccountsClient
}

func newClients(env corpus.Env) clients {
	c := clients{
		groups:   resources.NewGroupsClientWithBaseURI(env.ResourceManager, env.SubscriptionID),
		accounts: storage.NewAccountsClientWithBaseURI(env.ResourceManager, env.SubscriptionID),
	}
	c.groups.Authorizer = env.Credential
	c.accounts.Authorizer = env.Credential
	if env.Sender != nil {
		c.groups.Sender = env.Sender
		c.accounts.Sender = env.Sender
	}
	return c
}

// Run provisions the accounts and reports them.
func Run(ctx context.Context, env corpus.Env) error {
	c := newClients(env)
	if _, err := c.groups.CreateOrUpdate(ctx, resourceGroup, resources.Group{Location: to.StringPtr(env.Location)}); err != nil {
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
	updated, err := c.accounts.Update(ctx, resourceGroup, "apparchive01", storage.AccountUpdateParameters{
		Tags: map[string]*string{"purpose": to.StringPtr("archive"), "tier": to.StringPtr("cool")},
		AccountPropertiesUpdateParameters: &storage.AccountPropertiesUpdateParameters{
			AccessTier: storage.AccessTierCool,
		},
	})
	if err != nil {
		return fmt.Errorf("updating apparchive01: %w", err)
	}
	log.Printf("%s: tier %s", *updated.Name, updated.AccessTier)

	// The logs account is replaced by a log workspace.
	if _, err := c.accounts.Delete(ctx, resourceGroup, "applogs01"); err != nil {
		return fmt.Errorf("deleting applogs01: %w", err)
	}
	return nil
}

func createAccount(ctx context.Context, client storage.AccountsClient, location, name, purpose string, sku storage.SkuName) error {
	avail, err := client.CheckNameAvailability(ctx, storage.AccountCheckNameAvailabilityParameters{
		Name: to.StringPtr(name),
		Type: to.StringPtr("Microsoft.Storage/storageAccounts"),
	})
	if err != nil {
		return fmt.Errorf("checking the name %s: %w", name, err)
	}
	if avail.NameAvailable != nil && !*avail.NameAvailable {
		return fmt.Errorf("storage account name %s is taken: %s", name, to.String(avail.Message))
	}

	future, err := client.Create(ctx, resourceGroup, name, storage.AccountCreateParameters{
		Sku:      &storage.Sku{Name: sku},
		Kind:     storage.KindStorageV2,
		Location: to.StringPtr(location),
		Tags:     map[string]*string{"purpose": to.StringPtr(purpose)},
		AccountPropertiesCreateParameters: &storage.AccountPropertiesCreateParameters{
			AccessTier:             storage.AccessTierHot,
			EnableHTTPSTrafficOnly: to.BoolPtr(true),
			MinimumTLSVersion:      storage.MinimumTLSVersionTLS12,
			AllowBlobPublicAccess:  to.BoolPtr(false),
			NetworkRuleSet: &storage.NetworkRuleSet{
				Bypass:        storage.BypassAzureServices,
				DefaultAction: storage.DefaultActionDeny,
				IPRules: &[]storage.IPRule{
					{IPAddressOrRange: to.StringPtr(officeRange), Action: storage.ActionAllow},
				},
			},
			Encryption: &storage.Encryption{
				KeySource: storage.KeySourceMicrosoftStorage,
				Services: &storage.EncryptionServices{
					Blob: &storage.EncryptionService{Enabled: to.BoolPtr(true), KeyType: storage.KeyTypeAccount},
					File: &storage.EncryptionService{Enabled: to.BoolPtr(true), KeyType: storage.KeyTypeAccount},
				},
			},
		},
	})
	if err != nil {
		return fmt.Errorf("creating storage account %s: %w", name, err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return fmt.Errorf("waiting for storage account %s: %w", name, err)
	}
	account, err := future.Result(client)
	if err != nil {
		return fmt.Errorf("storage account %s: %w", name, err)
	}
	if account.ProvisioningState != storage.ProvisioningStateSucceeded {
		return fmt.Errorf("storage account %s: provisioning state %s", name, account.ProvisioningState)
	}
	log.Printf("created %s (%s, %s)", *account.Name, account.Sku.Name, account.Kind)
	return nil
}

// report lists the group's accounts, page by page, with the names of their
// keys.
func report(ctx context.Context, client storage.AccountsClient) error {
	page, err := client.ListByResourceGroup(ctx, resourceGroup)
	if err != nil {
		return fmt.Errorf("listing storage accounts: %w", err)
	}
	n := 0
	for page.NotDone() {
		for _, account := range page.Values() {
			keys, err := client.ListKeys(ctx, resourceGroup, *account.Name, "")
			if err != nil {
				return fmt.Errorf("listing the keys of %s: %w", *account.Name, err)
			}
			if keys.Keys == nil || len(*keys.Keys) == 0 {
				return errors.New("storage account " + *account.Name + " has no keys")
			}
			var names []string
			for _, k := range *keys.Keys {
				names = append(names, *k.KeyName+" ("+string(k.Permissions)+")")
			}
			log.Printf("%s: %s, keys %v", *account.Name, account.Sku.Name, names)
			n++
		}
		if err := page.NextWithContext(ctx); err != nil {
			return fmt.Errorf("listing storage accounts: %w", err)
		}
	}
	if n != len(accounts) {
		return fmt.Errorf("found %d storage accounts in %s, want %d", n, resourceGroup, len(accounts))
	}
	return nil
}
