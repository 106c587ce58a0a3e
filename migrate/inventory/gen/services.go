package main

import (
	"os"
	"path/filepath"
	"strings"
)

// A service is a group of v68 packages (directories under the v68 module,
// searched recursively for packages) and the modules of the current SDK
// whose REST operations they are matched against. The modules' versions are
// pinned in this module's go.mod, and only there.
type service struct {
	legacy  []string // directories of the v68 module
	modules []string // module paths of the current SDK
}

const v68 = "github.com/Azure/azure-sdk-for-go"

const rm = "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/"

const azlogs = "github.com/Azure/azure-sdk-for-go/sdk/monitor/query/azlogs"

// keyVaultData are the Key Vault data plane's v68 versions: their
// BaseClient's methods go to three clients, one per family.
var keyVaultData = []string{
	"services/keyvault/2015-06-01", "services/keyvault/2016-10-01", "services/keyvault/v7.0",
	"services/keyvault/v7.1", "services/preview/keyvault/v7.2-preview",
}

// splitNotes are the notes of the legacy clients whose methods go to
// several clients, by the service's first directory.
var splitNotes = map[string]string{
	keyVaultData[0]: "one client per family the code calls replaces keyvault.New(): azsecrets for secrets, azkeys for keys, azcertificates for certificates; the vault URL moves from each call's vaultBaseURL argument into the new client's NewClient(vaultURL, cred, options)",
}

// services are the 30 most used management services, the Key Vault data
// plane, and what the examples and the projects credwrapper was tried on
// use.
var services = []service{
	{[]string{"services/resources/mgmt", "services/preview/resources/mgmt"}, []string{
		rm + "resources/armresources/v3", rm + "resources/armsubscriptions", rm + "resources/armdeployments",
		rm + "resources/armpolicy", rm + "resources/armlocks", rm + "resources/armlinks", rm + "resources/armfeatures",
		rm + "resources/armmanagedapplications", rm + "managementgroups/armmanagementgroups",
	}},
	{[]string{"services/compute/mgmt"}, []string{rm + "compute/armcompute/v7"}},
	{[]string{"services/network/mgmt"}, []string{rm + "network/armnetwork/v7"}},
	{[]string{"services/storage/mgmt"}, []string{rm + "storage/armstorage/v2"}},
	{[]string{"services/keyvault/mgmt"}, []string{rm + "keyvault/armkeyvault"}},
	{keyVaultData, []string{
		"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets",
		"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azkeys",
		"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azcertificates",
	}},
	{[]string{"services/dns/mgmt"}, []string{rm + "dns/armdns"}},
	{[]string{"services/privatedns/mgmt"}, []string{rm + "privatedns/armprivatedns"}},
	{[]string{"services/monitor/mgmt", "services/preview/monitor/mgmt"}, []string{rm + "monitor/armmonitor"}},
	{[]string{"services/containerservice/mgmt"}, []string{rm + "containerservice/armcontainerservice/v6"}},
	{[]string{"services/authorization/mgmt"}, []string{rm + "authorization/armauthorization/v2"}},
	{[]string{"services/msi/mgmt"}, []string{rm + "msi/armmsi"}},
	{[]string{"services/web/mgmt"}, []string{rm + "appservice/armappservice/v4"}},
	{[]string{"services/sql/mgmt"}, []string{rm + "sql/armsql"}},
	{[]string{"services/cosmos-db/mgmt"}, []string{rm + "cosmos/armcosmos/v3"}},
	{[]string{"services/redis/mgmt"}, []string{rm + "redis/armredis/v3"}},
	{[]string{"services/eventhub/mgmt"}, []string{rm + "eventhub/armeventhub"}},
	{[]string{"services/servicebus/mgmt"}, []string{rm + "servicebus/armservicebus"}},
	{[]string{"services/containerregistry/mgmt"}, []string{rm + "containerregistry/armcontainerregistry"}},
	{[]string{"services/cdn/mgmt"}, []string{rm + "cdn/armcdn"}},
	{[]string{"services/apimanagement/mgmt"}, []string{rm + "apimanagement/armapimanagement/v2"}},
	{[]string{"services/operationalinsights/mgmt"}, []string{rm + "operationalinsights/armoperationalinsights/v2"}},
	{[]string{"services/recoveryservices/mgmt"}, []string{
		rm + "recoveryservices/armrecoveryservices", rm + "recoveryservices/armrecoveryservicesbackup/v4",
		rm + "recoveryservices/armrecoveryservicessiterecovery/v2",
	}},
	{[]string{"services/batch/mgmt"}, []string{rm + "batch/armbatch/v2"}},
	{[]string{"services/datafactory/mgmt"}, []string{rm + "datafactory/armdatafactory/v9"}},
	{[]string{"services/frontdoor/mgmt"}, []string{rm + "frontdoor/armfrontdoor"}},
	{[]string{"services/logic/mgmt"}, []string{rm + "logic/armlogic"}},
	{[]string{"services/search/mgmt"}, []string{rm + "search/armsearch"}},
	{[]string{"services/signalr/mgmt"}, []string{rm + "signalr/armsignalr"}},
	{[]string{"services/iothub/mgmt"}, []string{rm + "iothub/armiothub"}},
	{[]string{"services/cognitiveservices/mgmt"}, []string{rm + "cognitiveservices/armcognitiveservices"}},
	{[]string{"services/postgresql/mgmt", "services/preview/postgresql/mgmt"}, []string{rm + "postgresql/armpostgresql", rm + "postgresql/armpostgresqlflexibleservers/v5"}},
	{[]string{"services/mysql/mgmt", "services/preview/mysql/mgmt"}, []string{rm + "mysql/armmysql", rm + "mysql/armmysqlflexibleservers"}},
	{[]string{
		"services/batch/2017-05-01.5.0", "services/batch/2018-03-01.6.1", "services/batch/2018-08-01.7.0",
		"services/batch/2018-12-01.8.0", "services/batch/2019-06-01.9.0", "services/batch/2019-08-01.10.0",
		"services/batch/2020-03-01.11.0", "services/batch/2020-09-01.12.0",
	}, []string{"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"}},
	{[]string{"services/operationalinsights/v1"}, []string{azlogs}},
	{[]string{"services/preview/containerregistry/runtime"}, []string{"github.com/Azure/azure-sdk-for-go/sdk/containers/azcontainerregistry"}},
	{[]string{"services/appconfiguration/mgmt"}, []string{rm + "appconfiguration/armappconfiguration"}},
}

// moreServices are the other v68 management services and the module that
// replaces each: the generator reads services/<name>/mgmt and
// services/preview/<name>/mgmt against it. The versions are pinned in
// go.mod (exact versions the module proxy serves).
var moreServices = []struct{ name, module string }{
	{"advisor", rm + "advisor/armadvisor"},
	{"alertsmanagement", rm + "alertsmanagement/armalertsmanagement"},
	{"analysisservices", rm + "analysisservices/armanalysisservices"},
	{"appinsights", rm + "applicationinsights/armapplicationinsights"},
	{"appplatform", rm + "appplatform/armappplatform"},
	{"attestation", rm + "attestation/armattestation"},
	{"automation", rm + "automation/armautomation"},
	{"avs", rm + "avs/armavs"},
	{"azuredata", rm + "azuredata/armazuredata"},
	{"azurestackhci", rm + "azurestackhci/armazurestackhci"},
	{"billing", rm + "billing/armbilling"},
	{"blueprint", rm + "blueprint/armblueprint"},
	{"botservice", rm + "botservice/armbotservice"},
	{"communication", rm + "communication/armcommunication/v2"},
	{"confluent", rm + "confluent/armconfluent"},
	{"consumption", rm + "consumption/armconsumption"},
	{"containerinstance", rm + "containerinstance/armcontainerinstance"},
	{"costmanagement", rm + "costmanagement/armcostmanagement/v2"},
	{"customerinsights", rm + "customerinsights/armcustomerinsights"},
	{"databox", rm + "databox/armdatabox"},
	{"databoxedge", rm + "databoxedge/armdataboxedge"},
	{"databricks", rm + "databricks/armdatabricks"},
	{"datadog", rm + "datadog/armdatadog"},
	{"datamigration", rm + "datamigration/armdatamigration"},
	{"dataprotection", rm + "dataprotection/armdataprotection"},
	{"datashare", rm + "datashare/armdatashare"},
	{"desktopvirtualization", rm + "desktopvirtualization/armdesktopvirtualization/v2"},
	{"devops", rm + "devops/armdevops"},
	{"devtestlabs", rm + "devtestlabs/armdevtestlabs"},
	{"digitaltwins", rm + "digitaltwins/armdigitaltwins"},
	{"domainservices", rm + "domainservices/armdomainservices"},
	{"elastic", rm + "elastic/armelastic"},
	{"engagementfabric", rm + "engagementfabric/armengagementfabric"},
	{"eventgrid", rm + "eventgrid/armeventgrid/v2"},
	{"extendedlocation", rm + "extendedlocation/armextendedlocation"},
	{"hanaonazure", rm + "hanaonazure/armhanaonazure"},
	{"hdinsight", rm + "hdinsight/armhdinsight"},
	{"healthbot", rm + "healthbot/armhealthbot"},
	{"healthcareapis", rm + "healthcareapis/armhealthcareapis"},
	{"hybridcompute", rm + "hybridcompute/armhybridcompute"},
	{"hybriddatamanager", rm + "hybriddatamanager/armhybriddatamanager"},
	{"hybridkubernetes", rm + "hybridkubernetes/armhybridkubernetes"},
	{"hybridnetwork", rm + "hybridnetwork/armhybridnetwork"},
	{"kubernetesconfiguration", rm + "kubernetesconfiguration/armkubernetesconfiguration"},
	{"kusto", rm + "kusto/armkusto"},
	{"labservices", rm + "labservices/armlabservices"},
	{"machinelearningservices", rm + "machinelearning/armmachinelearning/v4"},
	{"maintenance", rm + "maintenance/armmaintenance"},
	{"managedservices", rm + "managedservices/armmanagedservices"},
	{"managementpartner", rm + "managementpartner/armmanagementpartner"},
	{"marketplaceordering", rm + "marketplaceordering/armmarketplaceordering"},
	{"migrate", rm + "migrate/armmigrate"},
	{"netapp", rm + "netapp/armnetapp/v7"},
	{"notificationhubs", rm + "notificationhubs/armnotificationhubs"},
	{"operationsmanagement", rm + "operationsmanagement/armoperationsmanagement"},
	{"peering", rm + "peering/armpeering"},
	{"policyinsights", rm + "policyinsights/armpolicyinsights"},
	{"portal", rm + "portal/armportal"},
	{"powerbidedicated", rm + "powerbidedicated/armpowerbidedicated"},
	{"provisioningservices", rm + "deviceprovisioningservices/armdeviceprovisioningservices"},
	{"purview", rm + "purview/armpurview"},
	{"quota", rm + "quota/armquota"},
	{"redhatopenshift", rm + "redhatopenshift/armredhatopenshift"},
	{"redisenterprise", rm + "redisenterprise/armredisenterprise"},
	{"relay", rm + "relay/armrelay"},
	{"reservations", rm + "reservations/armreservations/v3"},
	{"resourcegraph", rm + "resourcegraph/armresourcegraph"},
	{"resourcehealth", rm + "resourcehealth/armresourcehealth"},
	{"security", rm + "security/armsecurity"},
	{"securityinsight", rm + "securityinsights/armsecurityinsights"},
	{"servicefabric", rm + "servicefabric/armservicefabric"},
	{"solutions", rm + "resources/armmanagedapplications"},
	{"sqlvirtualmachine", rm + "sqlvirtualmachine/armsqlvirtualmachine"},
	{"storagecache", rm + "storagecache/armstoragecache"},
	{"storagepool", rm + "storagepool/armstoragepool"},
	{"storagesync", rm + "storagesync/armstoragesync"},
	{"streamanalytics", rm + "streamanalytics/armstreamanalytics"},
	{"subscription", rm + "subscription/armsubscription"},
	{"support", rm + "support/armsupport"},
	{"synapse", rm + "synapse/armsynapse"},
	{"trafficmanager", rm + "trafficmanager/armtrafficmanager"},
	{"virtualmachineimagebuilder", rm + "virtualmachineimagebuilder/armvirtualmachineimagebuilder"},
	{"webpubsub", rm + "webpubsub/armwebpubsub"},
	{"windowsesu", rm + "windowsesu/armwindowsesu"},
	{"windowsiot", rm + "windowsiot/armwindowsiot"},
}

// allServices are services and moreServices, in that order.
func allServices() []service {
	all := append([]service(nil), services...)
	for _, s := range moreServices {
		all = append(all, service{[]string{"services/" + s.name + "/mgmt"}, []string{s.module}})
	}
	return all
}

// legacyDirs are a service's v68 directories that exist, with the preview
// twin (services/preview/<name>/mgmt) of each services/<name>/mgmt.
func legacyDirs(v68Dir string, s service) []string {
	var out []string
	seen := map[string]bool{}
	add := func(d string) {
		if seen[d] {
			return
		}
		seen[d] = true
		if fi, err := os.Stat(filepath.Join(v68Dir, filepath.FromSlash(d))); err == nil && fi.IsDir() {
			out = append(out, d)
		}
	}
	for _, d := range s.legacy {
		add(d)
		if name, ok := strings.CutPrefix(d, "services/"); ok && strings.HasSuffix(name, "/mgmt") && !strings.HasPrefix(name, "preview/") {
			add("services/preview/" + name)
		}
	}
	return out
}
