// Package compute runs a small fleet of Linux virtual machines: it creates
// a network, one network interface and one VM per fleet member, lists the
// fleet page by page, cycles the batch VM's power, resizes a web VM and
// retires the batch VM.
package compute

import (
	"context"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/services/compute/mgmt/2022-08-01/compute"
	"github.com/Azure/azure-sdk-for-go/services/network/mgmt/2022-07-01/network"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2021-04-01/resources"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

const (
	resourceGroup = "fleet"
	vnetName      = "fleet-net"
	subnetName    = "vms"
	adminUser     = "azureuser"
	// sshKey is the fleet's public key (public: it may be committed).
	sshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHd1c2VyQGZsZWV0LWV4YW1wbGUtcHVibGljLWtleQ fleet@example"
)

var fleet = []string{"web-1", "web-2", "batch-1"}

// configure sets what every legacy client of the program shares.
func configure(c *autorest.Client, env corpus.Env) {
	c.Authorizer = env.Credential
	if env.Sender != nil {
		c.Sender = env.Sender
	}
}

// Run creates the fleet and operates it.
func Run(ctx context.Context, env corpus.Env) error {
	groups := resources.NewGroupsClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	vnets := network.NewVirtualNetworksClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	nics := network.NewInterfacesClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	vms := compute.NewVirtualMachinesClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	configure(&groups.Client, env)
	configure(&vnets.Client, env)
	configure(&nics.Client, env)
	configure(&vms.Client, env)

	if _, err := groups.CreateOrUpdate(ctx, resourceGroup, resources.Group{Location: to.StringPtr(env.Location)}); err != nil {
		return fmt.Errorf("creating %s: %w", resourceGroup, err)
	}
	netFuture, err := vnets.CreateOrUpdate(ctx, resourceGroup, vnetName, network.VirtualNetwork{
		Location: to.StringPtr(env.Location),
		VirtualNetworkPropertiesFormat: &network.VirtualNetworkPropertiesFormat{
			AddressSpace: &network.AddressSpace{AddressPrefixes: &[]string{"10.10.0.0/16"}},
			Subnets: &[]network.Subnet{{
				Name:                   to.StringPtr(subnetName),
				SubnetPropertiesFormat: &network.SubnetPropertiesFormat{AddressPrefix: to.StringPtr("10.10.1.0/24")},
			}},
		},
	})
	if err != nil {
		return fmt.Errorf("creating %s: %w", vnetName, err)
	}
	if err := netFuture.WaitForCompletionRef(ctx, vnets.Client); err != nil {
		return fmt.Errorf("creating %s: %w", vnetName, err)
	}
	subnetID := fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/%s/subnets/%s",
		env.SubscriptionID, resourceGroup, vnetName, subnetName)

	for _, name := range fleet {
		nicID, err := createNIC(ctx, nics, env.Location, name+"-nic", subnetID)
		if err != nil {
			return err
		}
		vm, err := createVM(ctx, vms, env.Location, name, nicID)
		if err != nil {
			return err
		}
		log.Printf("created %s (%s)", *vm.Name, vm.HardwareProfile.VMSize)
	}

	if err := listFleet(ctx, vms); err != nil {
		return err
	}

	// Cycle the batch VM's power, as the nightly job does.
	off, err := vms.PowerOff(ctx, resourceGroup, "batch-1", nil)
	if err != nil {
		return fmt.Errorf("powering off batch-1: %w", err)
	}
	if err := off.WaitForCompletionRef(ctx, vms.Client); err != nil {
		return fmt.Errorf("powering off batch-1: %w", err)
	}
	on, err := vms.Start(ctx, resourceGroup, "batch-1")
	if err != nil {
		return fmt.Errorf("starting batch-1: %w", err)
	}
	if err := on.WaitForCompletionRef(ctx, vms.Client); err != nil {
		return fmt.Errorf("starting batch-1: %w", err)
	}

	// web-2 needs more memory.
	resize, err := vms.Update(ctx, resourceGroup, "web-2", compute.VirtualMachineUpdate{
		VirtualMachineProperties: &compute.VirtualMachineProperties{
			HardwareProfile: &compute.HardwareProfile{VMSize: compute.StandardB2ms},
		},
	})
	if err != nil {
		return fmt.Errorf("resizing web-2: %w", err)
	}
	if err := resize.WaitForCompletionRef(ctx, vms.Client); err != nil {
		return fmt.Errorf("resizing web-2: %w", err)
	}
	resized, err := resize.Result(vms)
	if err != nil {
		return fmt.Errorf("resizing web-2: %w", err)
	}
	if resized.HardwareProfile.VMSize != compute.StandardB2ms {
		return fmt.Errorf("web-2 is %s after the resize", resized.HardwareProfile.VMSize)
	}

	// The batch VM is retired.
	del, err := vms.Delete(ctx, resourceGroup, "batch-1", nil)
	if err != nil {
		return fmt.Errorf("deleting batch-1: %w", err)
	}
	return del.WaitForCompletionRef(ctx, vms.Client)
}

func createNIC(ctx context.Context, client network.InterfacesClient, location, name, subnetID string) (string, error) {
	future, err := client.CreateOrUpdate(ctx, resourceGroup, name, network.Interface{
		Location: to.StringPtr(location),
		InterfacePropertiesFormat: &network.InterfacePropertiesFormat{
			IPConfigurations: &[]network.InterfaceIPConfiguration{{
				Name: to.StringPtr("ipconfig1"),
				InterfaceIPConfigurationPropertiesFormat: &network.InterfaceIPConfigurationPropertiesFormat{
					Subnet:                    &network.Subnet{ID: to.StringPtr(subnetID)},
					PrivateIPAllocationMethod: network.Dynamic,
				},
			}},
		},
	})
	if err != nil {
		return "", fmt.Errorf("creating %s: %w", name, err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return "", fmt.Errorf("creating %s: %w", name, err)
	}
	nic, err := future.Result(client)
	if err != nil {
		return "", fmt.Errorf("creating %s: %w", name, err)
	}
	return *nic.ID, nil
}

func createVM(ctx context.Context, client compute.VirtualMachinesClient, location, name, nicID string) (compute.VirtualMachine, error) {
	future, err := client.CreateOrUpdate(ctx, resourceGroup, name, compute.VirtualMachine{
		Location: to.StringPtr(location),
		Tags:     map[string]*string{"fleet": to.StringPtr(resourceGroup)},
		VirtualMachineProperties: &compute.VirtualMachineProperties{
			HardwareProfile: &compute.HardwareProfile{VMSize: compute.StandardB2s},
			StorageProfile: &compute.StorageProfile{
				ImageReference: &compute.ImageReference{
					Publisher: to.StringPtr("Canonical"),
					Offer:     to.StringPtr("0001-com-ubuntu-server-jammy"),
					Sku:       to.StringPtr("22_04-lts-gen2"),
					Version:   to.StringPtr("latest"),
				},
				OsDisk: &compute.OSDisk{
					Name:         to.StringPtr(name + "-os"),
					Caching:      compute.CachingTypesReadWrite,
					CreateOption: compute.DiskCreateOptionTypesFromImage,
					DeleteOption: compute.DiskDeleteOptionTypesDelete,
					DiskSizeGB:   to.Int32Ptr(64),
					ManagedDisk:  &compute.ManagedDiskParameters{StorageAccountType: compute.StorageAccountTypesStandardSSDLRS},
				},
			},
			OsProfile: &compute.OSProfile{
				ComputerName:  to.StringPtr(name),
				AdminUsername: to.StringPtr(adminUser),
				LinuxConfiguration: &compute.LinuxConfiguration{
					DisablePasswordAuthentication: to.BoolPtr(true),
					SSH: &compute.SSHConfiguration{PublicKeys: &[]compute.SSHPublicKey{{
						Path:    to.StringPtr("/home/" + adminUser + "/.ssh/authorized_keys"),
						KeyData: to.StringPtr(sshKey),
					}}},
				},
			},
			NetworkProfile: &compute.NetworkProfile{
				NetworkInterfaces: &[]compute.NetworkInterfaceReference{{
					ID:                                  to.StringPtr(nicID),
					NetworkInterfaceReferenceProperties: &compute.NetworkInterfaceReferenceProperties{Primary: to.BoolPtr(true)},
				}},
			},
		},
	})
	if err != nil {
		return compute.VirtualMachine{}, fmt.Errorf("creating %s: %w", name, err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return compute.VirtualMachine{}, fmt.Errorf("creating %s: %w", name, err)
	}
	return future.Result(client)
}

// listFleet reports the fleet's VMs, one page at a time.
func listFleet(ctx context.Context, client compute.VirtualMachinesClient) error {
	n := 0
	for page, err := client.List(ctx, resourceGroup, ""); page.NotDone(); err = page.NextWithContext(ctx) {
		if err != nil {
			return fmt.Errorf("listing VMs: %w", err)
		}
		for _, vm := range page.Values() {
			log.Printf("%s: %s, %s", *vm.Name, vm.HardwareProfile.VMSize, *vm.StorageProfile.ImageReference.Sku)
			n++
		}
	}
	if n != len(fleet) {
		return fmt.Errorf("listed %d VMs, want %d", n, len(fleet))
	}
	return nil
}
