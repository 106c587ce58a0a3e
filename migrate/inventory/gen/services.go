package main

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

// services are the 30 most used management services, the Key Vault data
// plane, and what the examples and the projects credwrapper was tried on
// use.
var services = []service{
	{[]string{"services/resources/mgmt"}, []string{rm + "resources/armresources/v3", rm + "resources/armsubscriptions", rm + "resources/armdeployments"}},
	{[]string{"services/compute/mgmt"}, []string{rm + "compute/armcompute/v7"}},
	{[]string{"services/network/mgmt"}, []string{rm + "network/armnetwork/v7"}},
	{[]string{"services/storage/mgmt"}, []string{rm + "storage/armstorage/v2"}},
	{[]string{"services/keyvault/mgmt"}, []string{rm + "keyvault/armkeyvault"}},
	{[]string{"services/keyvault/v7.0", "services/keyvault/v7.1", "services/keyvault/2016-10-01"}, []string{
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
	{[]string{"services/recoveryservices/mgmt"}, []string{rm + "recoveryservices/armrecoveryservices"}},
	{[]string{"services/batch/mgmt"}, []string{rm + "batch/armbatch/v2"}},
	{[]string{"services/datafactory/mgmt"}, []string{rm + "datafactory/armdatafactory/v9"}},
	{[]string{"services/frontdoor/mgmt"}, []string{rm + "frontdoor/armfrontdoor"}},
	{[]string{"services/logic/mgmt"}, []string{rm + "logic/armlogic"}},
	{[]string{"services/search/mgmt"}, []string{rm + "search/armsearch"}},
	{[]string{"services/signalr/mgmt"}, []string{rm + "signalr/armsignalr"}},
	{[]string{"services/iothub/mgmt"}, []string{rm + "iothub/armiothub"}},
	{[]string{"services/cognitiveservices/mgmt"}, []string{rm + "cognitiveservices/armcognitiveservices"}},
	{[]string{"services/postgresql/mgmt"}, []string{rm + "postgresql/armpostgresql"}},
	{[]string{"services/mysql/mgmt"}, []string{rm + "mysql/armmysql"}},
	{[]string{"services/appconfiguration/mgmt"}, []string{rm + "appconfiguration/armappconfiguration"}},
}
