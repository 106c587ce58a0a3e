// Package deployments rolls an ARM template out to one resource group per
// environment, waits for each deployment, reports the group's deployments
// and removes the deployment history of the retired environment.
package deployments

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2021-04-01/resources"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

// template is the web tier's template, as a deployment pipeline keeps it
// next to the code.
const template = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "siteName": {"type": "string"},
    "sku": {"type": "string", "defaultValue": "B1"}
  },
  "resources": [
    {
      "type": "Microsoft.Web/serverfarms",
      "apiVersion": "2022-03-01",
      "name": "[concat(parameters('siteName'), '-plan')]",
      "location": "[resourceGroup().location]",
      "sku": {"name": "[parameters('sku')]"}
    }
  ],
  "outputs": {
    "planName": {"type": "string", "value": "[concat(parameters('siteName'), '-plan')]"}
  }
}`

const resourceGroup = "web-rollout"

var environments = []struct {
	name string
	sku  string
}{
	{"dev", "B1"},
	{"test", "B1"},
	{"prod", "P1v3"},
}

func newDeploymentsClient(env corpus.Env) resources.DeploymentsClient {
	client := resources.NewDeploymentsClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	client.Authorizer = env.Credential
	if env.Sender != nil {
		client.Sender = env.Sender
	}
	return client
}

// Run deploys the template for each environment.
func Run(ctx context.Context, env corpus.Env) error {
	groups := resources.NewGroupsClientWithBaseURI(env.ResourceManager, env.SubscriptionID)
	groups.Authorizer = env.Credential
	if env.Sender != nil {
		groups.Sender = env.Sender
	}
	if _, err := groups.CreateOrUpdate(ctx, resourceGroup, resources.Group{
		Location: to.StringPtr(env.Location),
		Tags:     map[string]*string{"owner": to.StringPtr("web-team")},
	}); err != nil {
		return fmt.Errorf("creating %s: %w", resourceGroup, err)
	}

	var tmpl map[string]interface{}
	if err := json.Unmarshal([]byte(template), &tmpl); err != nil {
		return fmt.Errorf("parsing the template: %w", err)
	}
	client := newDeploymentsClient(env)
	for _, e := range environments {
		state, err := deploy(ctx, client, "web-"+e.name, tmpl, map[string]interface{}{
			"siteName": map[string]interface{}{"value": "contoso-" + e.name},
			"sku":      map[string]interface{}{"value": e.sku},
		})
		if err != nil {
			return err
		}
		log.Printf("web-%s: %s", e.name, state)
	}

	it, err := client.ListByResourceGroupComplete(ctx, resourceGroup, "provisioningState eq 'Succeeded'", to.Int32Ptr(10))
	if err != nil {
		return fmt.Errorf("listing deployments: %w", err)
	}
	var names []string
	for it.NotDone() {
		d := it.Value()
		names = append(names, *d.Name)
		if err := it.NextWithContext(ctx); err != nil {
			return fmt.Errorf("listing deployments: %w", err)
		}
	}
	log.Printf("deployments in %s: %v", resourceGroup, names)

	prod, err := client.Get(ctx, resourceGroup, "web-prod")
	if err != nil {
		return fmt.Errorf("getting web-prod: %w", err)
	}
	if prod.Properties.Mode != resources.Incremental {
		return fmt.Errorf("web-prod was deployed in %s mode", prod.Properties.Mode)
	}

	// The test environment is retired: drop its deployment history.
	future, err := client.Delete(ctx, resourceGroup, "web-test")
	if err != nil {
		return fmt.Errorf("deleting web-test: %w", err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return fmt.Errorf("deleting web-test: %w", err)
	}
	return nil
}

// deploy runs one deployment to its end and returns its provisioning state.
func deploy(ctx context.Context, client resources.DeploymentsClient, name string, tmpl, params map[string]interface{}) (resources.ProvisioningState, error) {
	future, err := client.CreateOrUpdate(ctx, resourceGroup, name, resources.Deployment{
		Properties: &resources.DeploymentProperties{
			Template:   tmpl,
			Parameters: params,
			Mode:       resources.Incremental,
		},
		Tags: map[string]*string{"pipeline": to.StringPtr("web")},
	})
	if err != nil {
		return "", fmt.Errorf("deploying %s: %w", name, err)
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return "", fmt.Errorf("waiting for %s: %w", name, err)
	}
	de, err := future.Result(client)
	if err != nil {
		return "", fmt.Errorf("deployment %s: %w", name, err)
	}
	return de.Properties.ProvisioningState, nil
}
