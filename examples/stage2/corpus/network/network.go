// Package network lays out a hub-and-spoke network: virtual networks with
// their subnets, a subnet added later to the hub, public IP addresses for
// the web tier and the jump host, and a report of the address plan.
package network

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/Azure/azure-sdk-for-go/services/network/mgmt/2022-07-01/network"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2021-04-01/resources"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

const resourceGroup = "net-hub"

// plan is the address plan: each network's space and subnets.
var plan = []struct {
	name    string
	space   string
	subnets map[string]string // name -> prefix
}{
	{"hub", "10.0.0.0/16", map[string]string{"frontend": "10.0.1.0/24", "backend": "10.0.2.0/24"}},
	{"spoke-app", "10.1.0.0/16", map[string]string{"app": "10.1.1.0/24"}},
	{"spoke-data", "10.2.0.0/16", map[string]string{"data": "10.2.1.0/24"}},
}

type clients struct {
	vnets network.VirtualNetworksClient
	ips   network.PublicIPAddressesClient
}

// Run creates the networks and addresses and reports them.
func Run(ctx context.Context, env corpus.Env) error {
	groups := resources.NewGroupsClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	c := clients{
		vnets: network.NewVirtualNetworksClientWithBaseURI(env.ResourceManager, env.SubscriptionID),
		ips:   network.NewPublicIPAddressesClientWithBaseURI(env.ResourceManager, env.SubscriptionID),
	}
	groups.Authorizer = env.Credential
	c.vnets.Authorizer = env.Credential
	c.ips.Authorizer = env.Credential
	if env.Sender != nil {
		groups.Sender, c.vnets.Sender, c.ips.Sender = env.Sender, env.Sender, env.Sender
	}

	if _, err := groups.CreateOrUpdate(ctx, resourceGroup, resources.Group{Location: to.StringPtr(env.Location)}); err != nil {
		return fmt.Errorf("creating %s: %w", resourceGroup, err)
	}
	for _, n := range plan {
		if err := createNetwork(ctx, c.vnets, env.Location, n.name, n.space, n.subnets); err != nil {
			return err
		}
	}
	// The VPN gateway needs its own subnet in the hub.
	if err := addSubnet(ctx, c.vnets, "hub", "GatewaySubnet", "10.0.255.0/27"); err != nil {
		return err
	}
	if _, err := c.vnets.UpdateTags(ctx, resourceGroup, "spoke-data", network.TagsObject{
		Tags: map[string]*string{"classification": to.StringPtr("confidential")},
	}); err != nil {
		return fmt.Errorf("tagging spoke-data: %w", err)
	}

	for _, ip := range []struct {
		name   string
		method network.IPAllocationMethod
	}{{"web-ip", network.Static}, {"jump-ip", network.Dynamic}} {
		addr, err := createPublicIP(ctx, c.ips, env.Location, ip.name, ip.method)
		if err != nil {
			return err
		}
		log.Printf("%s: %s, %s", *addr.Name, addr.PublicIPAllocationMethod, *addr.DNSSettings.DomainNameLabel)
	}

	if err := report(ctx, c.vnets); err != nil {
		return err
	}

	// The jump host moves to Bastion: release its address.
	future, err := c.ips.Delete(ctx, resourceGroup, "jump-ip")
	if err != nil {
		return fmt.Errorf("deleting jump-ip: %w", err)
	}
	return future.WaitForCompletionRef(ctx, c.ips.Client)
}

func createNetwork(ctx context.Context, client network.VirtualNetworksClient, location, name, space string, prefixes map[string]string) error {
	subnets := []network.Subnet{}
	for _, s := range sortedKeys(prefixes) {
		subnets = append(subnets, network.Subnet{
			Name: to.StringPtr(s),
			SubnetPropertiesFormat: &network.SubnetPropertiesFormat{
				AddressPrefix: to.StringPtr(prefixes[s]),
			},
		})
	}
	future, err := client.CreateOrUpdate(ctx, resourceGroup, name, network.VirtualNetwork{
		Location: to.StringPtr(location),
		Tags:     map[string]*string{"tier": to.StringPtr(strings.SplitN(name, "-", 2)[0])},
		VirtualNetworkPropertiesFormat: &network.VirtualNetworkPropertiesFormat{
			AddressSpace: &network.AddressSpace{AddressPrefixes: &[]string{space}},
			Subnets:      &subnets,
		},
	})
	if err != nil {
		return fmt.Errorf("creating network %s: %w", name, err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return fmt.Errorf("waiting for network %s: %w", name, err)
	}
	vnet, err := future.Result(client)
	if err != nil {
		return fmt.Errorf("network %s: %w", name, err)
	}
	log.Printf("created %s with %d subnets", *vnet.Name, len(*vnet.Subnets))
	return nil
}

// addSubnet adds a subnet to an existing network by writing the network
// back with one more subnet.
func addSubnet(ctx context.Context, client network.VirtualNetworksClient, vnetName, name, prefix string) error {
	vnet, err := client.Get(ctx, resourceGroup, vnetName, "")
	if err != nil {
		return fmt.Errorf("getting %s: %w", vnetName, err)
	}
	for _, s := range *vnet.Subnets {
		if *s.Name == name {
			return nil
		}
	}
	subnets := append(*vnet.Subnets, network.Subnet{
		Name:                   to.StringPtr(name),
		SubnetPropertiesFormat: &network.SubnetPropertiesFormat{AddressPrefix: to.StringPtr(prefix)},
	})
	vnet.Subnets = &subnets
	future, err := client.CreateOrUpdate(ctx, resourceGroup, vnetName, vnet)
	if err != nil {
		return fmt.Errorf("adding %s to %s: %w", name, vnetName, err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return fmt.Errorf("adding %s to %s: %w", name, vnetName, err)
	}
	return nil
}

func createPublicIP(ctx context.Context, client network.PublicIPAddressesClient, location, name string, method network.IPAllocationMethod) (network.PublicIPAddress, error) {
	future, err := client.CreateOrUpdate(ctx, resourceGroup, name, network.PublicIPAddress{
		Location: to.StringPtr(location),
		Sku: &network.PublicIPAddressSku{
			Name: network.PublicIPAddressSkuNameBasic,
			Tier: network.PublicIPAddressSkuTierRegional,
		},
		PublicIPAddressPropertiesFormat: &network.PublicIPAddressPropertiesFormat{
			PublicIPAllocationMethod: method,
			PublicIPAddressVersion:   network.IPv4,
			IdleTimeoutInMinutes:     to.Int32Ptr(4),
			DNSSettings:              &network.PublicIPAddressDNSSettings{DomainNameLabel: to.StringPtr("contoso-" + name)},
		},
	})
	if err != nil {
		return network.PublicIPAddress{}, fmt.Errorf("creating %s: %w", name, err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return network.PublicIPAddress{}, fmt.Errorf("waiting for %s: %w", name, err)
	}
	return future.Result(client)
}

// report prints each network's address space and subnets.
func report(ctx context.Context, client network.VirtualNetworksClient) error {
	it, err := client.ListComplete(ctx, resourceGroup)
	if err != nil {
		return fmt.Errorf("listing networks: %w", err)
	}
	for it.NotDone() {
		vnet := it.Value()
		var prefixes []string
		if vnet.Subnets != nil {
			for _, s := range *vnet.Subnets {
				prefixes = append(prefixes, *s.Name+"="+*s.AddressPrefix)
			}
		}
		log.Printf("%s %v: %s", *vnet.Name, *vnet.AddressSpace.AddressPrefixes, strings.Join(prefixes, " "))
		if err := it.NextWithContext(ctx); err != nil {
			return fmt.Errorf("listing networks: %w", err)
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
